import type { Block } from '../../src/lib/blocks/block.ts';
import type { BlockRun } from './block-run.ts';

/**
 * passed: ran and matched the recording · recorded: ran and was (re)recorded ·
 * drift: ran, output differs · failed: wrong exit code or timeout · unrecorded/stale: no
 * current recording (currency.ts) · not-run: an earlier block failed · skipped: filtered out ·
 * prerequisite: ran only to give a selected block its session state, not compared.
 */
export type BlockStatus = 'passed' | 'recorded' | 'drift' | 'failed' | 'unrecorded' | 'stale' | 'not-run' | 'skipped' | 'prerequisite';

export const FAILING: readonly BlockStatus[] = ['drift', 'failed', 'unrecorded', 'stale', 'not-run'];

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
  /** Path of the recording file written by --update, if any. */
  written?: string;
}

export function noteFailed(result: NoteResult): boolean {
  return result.problems.length > 0 || result.blocks.some((b) => FAILING.includes(b.status));
}
