import { blockLocation } from '../../../src/lib/blocks/block.ts';
import { changedWords, outputDiff, outputsMatch } from '../../../src/lib/compare.ts';
import { DEFAULT_NORMALIZERS, NORMALIZERS } from '../../../src/lib/normalize/index.ts';
import { REPRODUCED_RUNS, runsOf } from '../../../src/lib/store/currency.ts';
import type { NoteRecording } from '../../../src/lib/store/schema.ts';
import { describeExitCode } from '../core/exit-code.ts';
import { FAILING, noteFailed, type BlockResult, type BlockRun, type NoteResult } from '../core/results.ts';
import { reproducedPrefix } from './resume.ts';

/** The normalisers a block can opt into with `normalize=` (the others always apply). */
const optInNormalizers = () => [...new Set(NORMALIZERS.map((n) => n.name))].filter((name) => !(DEFAULT_NORMALIZERS as readonly string[]).includes(name));

/** What an author does about a block whose runs disagree. */
export function reproduceHint(first: BlockRun, other: BlockRun): string {
  const values = changedWords(first.normalized, other.normalized);
  const parts = [
    ...(values.length ? [`values that changed between the runs: ${values.join(', ')}`] : []),
    ...(first.exitCode !== other.exitCode ? ['the exit status depends on something outside the note (timing, a leftover, the network)'] : []),
    `if a value is volatile (an id, a time, a random number), mask it with normalize=… on the fence (opt-in normalisers: ${optInNormalizers().join(', ')}; or add one to src/lib/normalize/)`,
    `if the output is a state that settles (a pod starting, a rollout), wait for it with retry=60s until=/…/`,
    `a value the command makes up itself (e.g. $RANDOM) cannot be verified: print something stable instead`,
  ];
  return parts.join('\n    ');
}

/** Run 1 and run `n` of one block did not end alike: what differs, in one line. */
function difference(first: BlockRun, other: BlockRun, n: number): string {
  const exit = first.exitCode !== other.exitCode ? `run 1 exited with ${describeExitCode(first.exitCode)}, run ${n} with ${describeExitCode(other.exitCode)}` : '';
  const output = outputsMatch(first.normalized, other.normalized) ? '' : `the comparison forms of run 1 and run ${n} differ`;
  return `not reproduced: ${[exit, output].filter(Boolean).join('; ')}`;
}

/**
 * Compares a later run of a note with its first, block by block: every block recorded in
 * run 1 must end with the same exit status and print the same comparison form in run `n`.
 * The first run's result of each block that did not is marked `unreproduced` (with the
 * diff of the two runs and a hint) and returned; what else went wrong in run `n` (a
 * leftover, a failure before any compared block) becomes a problem of the note.
 */
export function compareRuns(first: NoteResult, later: NoteResult, n: number): BlockResult[] {
  const laterByKey = new Map(later.blocks.map((result) => [result.block.key, result]));
  const unreproduced: BlockResult[] = [];
  for (const result of first.blocks) {
    const other = laterByKey.get(result.block.key)?.run;
    if (result.status !== 'recorded' || !result.run || !other) continue;
    if (result.run.exitCode === other.exitCode && outputsMatch(result.run.normalized, other.normalized)) continue;
    Object.assign(result, {
      status: 'unreproduced',
      message: difference(result.run, other, n),
      diff: outputDiff(result.run.normalized, other.normalized, blockLocation(result.block), ['run 1', `run ${n}`]),
      hint: reproduceHint(result.run, other),
    });
    unreproduced.push(result);
  }
  first.problems.push(...later.problems.map((problem) => `run ${n}: ${problem}`));
  if (!unreproduced.length && noteFailed(later)) {
    // Failed, but at no block run 1 recorded (a prerequisite, a block run 1 never reached).
    for (const failed of later.blocks.filter((b) => FAILING.includes(b.status) && b.status !== 'not-run')) first.problems.push(`run ${n}: ${blockLocation(failed.block)} ${failed.block.key} ${failed.status}${failed.message ? `: ${failed.message}` : ''}`);
  }
  return unreproduced;
}

export interface Repeated {
  /** The first run's result, with the blocks later runs did not reproduce marked. */
  result: NoteResult;
  /** How many runs ended alike: the `runs` of what gets recorded. */
  agreed: number;
  /** The later runs made (whole, or of what run 1 recorded before it failed). */
  laters: NoteResult[];
}

/**
 * --update: the note's session `repeat` times, each a full session of its own (work dir,
 * namespace, cleanup, leftover check). Later runs stop at the first that disagrees. Only a
 * note whose runs all agreed is recorded (by the caller), so an unreproduced output never
 * replaces a recording. When run 1 failed at a block, the later runs go only as far as the
 * block before it (`session(n, upTo)` checks nothing from `upTo` on): what passed and
 * reproduced is kept as a pending recording to resume from (resume.ts). An interrupted run
 * is not repeated.
 */
export async function repeatSession(repeat: number, session: (n: number, upTo?: string) => Promise<NoteResult>, hooks: { stopped: () => boolean; log: (line: string) => void; disagreed: (result: BlockResult) => void }): Promise<Repeated> {
  const result = await session(1);
  let agreed = 1;
  const laters: NoteResult[] = [];
  // Run 1 failed: later runs repeat only what it (and they) recorded alike before the failure.
  const runOneFailed = noteFailed(result);
  for (let n = 2; n <= repeat && !hooks.stopped(); n++) {
    const prefix = runOneFailed ? reproducedPrefix(result, laters) : undefined;
    if (prefix ? !(prefix.resumeAt && prefix.kept.length) : noteFailed(result)) break;
    hooks.log(prefix ? `${result.source}: run ${n} of ${repeat}, of the ${prefix.kept.length} block(s) before ${prefix.resumeAt?.key} only, to keep what passed for --from` : `${result.source}: run ${n} of ${repeat}, to check that every block prints the same again`);
    const later = await session(n, prefix?.resumeAt?.key);
    if (hooks.stopped()) {
      result.problems.push(`run ${n} was interrupted: nothing is recorded`);
      break;
    }
    laters.push(later);
    compareRuns(result, later, n).forEach(hooks.disagreed);
    if (!runOneFailed && !noteFailed(result)) agreed = n;
  }
  return { result, agreed, laters };
}

/** Why an --update run wrote nothing for a note, for the note's problems. */
export function notRecordedReason(result: NoteResult): string {
  const unreproduced = result.blocks.filter((b) => b.status === 'unreproduced').map((b) => b.block.key);
  if (unreproduced.length) return `not recorded: ${unreproduced.length} block(s) printed something else when run again (${unreproduced.join(', ')}), so the recorded output stays as it was`;
  return 'not recorded: the run failed, so the recorded output stays as it was';
}

/** After a write: the blocks of the recording that no two runs agreed on yet (--repeat 1, or older recordings). */
export function singleRunNotice(recording: NoteRecording): string | undefined {
  const single = Object.entries(recording.blocks).filter(([, b]) => b.kind === 'run' && runsOf(b) < REPRODUCED_RUNS).map(([key]) => key);
  if (!single.length) return undefined;
  return `${single.length} block(s) recorded from one run only (${single.slice(0, 5).join(', ')}${single.length > 5 ? ', …' : ''}): the page shows them as not reproduced and --static fails until \`--update\` records them with --repeat 2 or more`;
}
