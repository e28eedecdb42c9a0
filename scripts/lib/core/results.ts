import type { Block } from '../../../src/lib/blocks/block.ts';
import type { CommandOutput, Mask } from '../../../src/lib/store/schema.ts';

// The types every layer shares, from the run of a block to its report: they live below all of
// the runner's folders so that judging or reporting a run never imports the code that ran it.

/** What running one block produced, secrets masked and volatile values normalised. */
export interface BlockRun {
  exitCode: number;
  timedOut: boolean;
  /** Did the exit code match what the block expects (0, `exit=N`, or `expect=fail`)? */
  asExpected: boolean;
  transcript: string;
  normalized: string;
  masks: Mask[];
  durationMs: number;
  attempts: number;
  /** Why the block could not run at all (a background block that never got ready). */
  error?: string;
  /** Bytes of output left out to stay within --max-output. */
  omittedBytes?: number;
  /** A transcript block's commands that ran, each with its own output and status (command-outputs.ts). */
  commands?: CommandOutput[];
  /** until= blocks: the comparison forms of earlier attempts that ended as expected but had not settled. */
  earlierOutputs?: string[];
}

/** With --jobs N > 1: whether a note may run beside other notes, and why (isolation.ts decides). */
export interface Placement {
  mode: 'parallel' | 'sequential';
  reason: string;
  /** The same reason in Korean, for the job summary. */
  reasonKo: string;
}

/**
 * passed: ran and matched the recording · recorded: ran and was (re)recorded ·
 * drift: ran with the recorded exit status, comparison form differs · rot: the exit status
 * changed or the command/flag/API is gone · failed: timeout, or no recording to compare · unrecorded/stale: no
 * current recording (currency.ts) · unreproduced: two runs of the note printed different
 * comparison forms or exit statuses (--update), or the recording is from one run only · not-run: an earlier block failed · skipped: filtered out ·
 * prerequisite: ran only to give a selected block its session state, not compared.
 */
export type BlockStatus = 'passed' | 'recorded' | 'drift' | 'rot' | 'failed' | 'unrecorded' | 'stale' | 'unreproduced' | 'not-run' | 'skipped' | 'prerequisite';

export const FAILING: readonly BlockStatus[] = ['rot', 'drift', 'failed', 'unrecorded', 'stale', 'unreproduced', 'not-run'];

/** The block did not end as it should (rot, timeout, a failed prerequisite): the session stops there. */
export function endedBadly(status: BlockStatus): boolean {
  return status === 'failed' || status === 'rot';
}

/**
 * --fail-on: which verdicts make the run fail. `drift` (the gate on the pinned environment):
 * every failing verdict. `rot` (freshness on the newest versions): a changed output (or a
 * pinned recording made from one run) is reported but tolerated; a command that broke is not.
 */
export const FAIL_ON = ['drift', 'rot'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export function failsRun(status: BlockStatus, failOn: FailOn = 'drift'): boolean {
  return FAILING.includes(status) && !(failOn === 'rot' && (status === 'drift' || status === 'unreproduced'));
}

export interface BlockResult {
  block: Block;
  status: BlockStatus;
  /** One line: why it failed or was skipped. */
  message?: string;
  /** What to do about it, when the default hint of its status does not fit. */
  hint?: string;
  diff?: string;
  run?: BlockRun;
  /** Extra context for a failure: logs, events. */
  diagnostics?: string;
}

export interface NoteResult {
  note: string;
  source: string;
  blocks: BlockResult[];
  /** Problems of the session as a whole: leftovers, capability errors, a write that failed. */
  problems: string[];
  /** Things worth saying that are no failure (e.g. what a filtered run cleaned up). */
  notices?: string[];
  /** Path of the recording file written by --update, if any. */
  written?: string;
  /**
   * Not run, and why: `current` (--changed: its recordings are current and, with --since,
   * its files did not change). Its run blocks are listed as skipped.
   */
  skipped?: 'current';
  /** With --jobs N > 1: whether it ran beside other notes or alone, and why. */
  placement?: Placement;
}

export function noteFailed(result: NoteResult, failOn: FailOn = 'drift'): boolean {
  return result.problems.length > 0 || result.blocks.some((b) => failsRun(b.status, failOn));
}
