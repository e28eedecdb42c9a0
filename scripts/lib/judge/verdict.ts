import { blockLocation, type Block } from '../../../src/lib/blocks/block.ts';
import { outputDiff, outputsMatch } from '../../../src/lib/compare.ts';
import { currencyHint, currencyMessage, currencyOf, type Currency } from '../../../src/lib/store/currency.ts';
import type { BlockRecording } from '../../../src/lib/store/schema.ts';
import { DEFAULT_TIMEOUT_MS } from '../core/timeouts.ts';
import { describeExitCode } from '../core/exit-code.ts';
import type { BlockResult, BlockRun } from '../core/results.ts';
import { notReadyHint } from './not-ready-hint.ts';

export type Mode = 'verify' | 'update';

/** Made from the note as it stands (one run or more): a run can be compared with it. */
const comparable = (currency: Currency) => currency.state === 'current' || currency.state === 'unreproduced';
const noteName = (block: Block) => block.source.replace(/^.*\/|\.mdx?$/g, '');

function failure(block: Block, run: BlockRun): string {
  if (run.timedOut) {
    const given = /(?:^|\s)timeout=(\S+)/.exec(block.rawMeta)?.[1];
    const seconds = (block.meta.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000;
    return `timed out after ${seconds} s (${given ? `timeout=${given}` : 'the default: the block gives no timeout='}; process group killed)`;
  }
  return `exited with ${describeExitCode(run.exitCode)}, expected ${block.meta.expectedExit === 'nonzero' ? 'a failure' : block.meta.expectedExit}`;
}

/** What to do about a timeout: the two reasons a block runs out of time. */
const TIMEOUT_HINT =
  'a command that waits for ever (a watch, a port-forward, logs -f) belongs in a background block (`background ready=/…/`) or under `timeout 10 …`; a slow one needs a longer timeout=…s';
const timeoutHint = (run: BlockRun) => (run.timedOut ? { hint: TIMEOUT_HINT } : {});

/**
 * What tools print when a command, flag or API the book uses no longer exists. Seen in the
 * new output and not in the recorded one, it makes a difference rot, not drift.
 */
const GONE = [
  /unknown (?:shorthand )?flag:? [^\n]*/,
  /unknown command "[^"\n]*"[^\n]*/,
  /command not found[^\n]*/,
  /the server doesn't have a resource type "[^"\n]*"/,
  /no matches for kind "[^"\n]*"[^\n]*/,
  /is not a docker command[^\n]*/,
  /flag provided but not defined[^\n]*/,
];

function goneSignal(recorded: string, now: string): string | undefined {
  for (const pattern of GONE) {
    const found = pattern.exec(now)?.[0];
    if (found && !pattern.test(recorded)) return found.trim();
  }
  return undefined;
}

/** A block run only to give a selected block its session state: it must succeed, nothing more. */
export function judgePrerequisite(block: Block, run: BlockRun): BlockResult {
  const why = block.meta.cleanup ? 'cleanup after a partial run: not compared' : 'ran before a selected block; not compared';
  return run.asExpected ? { block, status: 'prerequisite', message: why, run } : { block, status: 'failed', message: `prerequisite ${failure(block, run)}`, ...timeoutHint(run), run };
}

/**
 * The one verdict of a checked block. Verify: the recording must be current (currency.ts)
 * and the run must end with the recorded exit code and print the recorded comparison form.
 * Update: the run is accepted; the message says what the re-recording changes.
 */
export function judge(block: Block, run: BlockRun, recorded: BlockRecording | undefined, inputs: readonly string[], mode: Mode): BlockResult {
  const before = recorded?.kind === 'run' ? recorded : undefined;
  const currency = currencyOf(block, inputs, recorded);
  if (!run.asExpected) {
    // Rot is a recorded command (its recording current) that no longer ends as it did; an
    // edited block just failed, and so did a timeout or an output that never settled (until=).
    const gone = before ? goneSignal(before.normalized, run.normalized) : undefined;
    const rotted = before !== undefined && comparable(currency) && !run.timedOut && !run.error;
    const notReady = run.timedOut ? undefined : notReadyHint(block, run.transcript);
    return { block, status: rotted ? 'rot' : 'failed', message: `${failure(block, run)}${gone ? `: ${gone}` : ''}`, ...timeoutHint(run), ...(notReady ? { hint: notReady } : {}), run };
  }
  if (mode === 'update') {
    // Re-recording shows what it changes, so the author can check the new output.
    if (!before) return { block, status: 'recorded', message: 'new recording', run };
    if (outputsMatch(before.normalized, run.normalized) && before.exitCode === run.exitCode) return { block, status: 'recorded', run };
    return { block, status: 'recorded', message: 'output changed', diff: outputDiff(before.normalized, run.normalized, blockLocation(block)), run };
  }
  if (!before || currency.state === 'missing') return { block, status: 'unrecorded', message: 'no recorded output yet', run };
  const differs = !outputsMatch(before.normalized, run.normalized);
  const diff = differs ? { diff: outputDiff(before.normalized, run.normalized, blockLocation(block)) } : {};
  if (!comparable(currency)) {
    const hint = currencyHint(currency, noteName(block));
    return { block, status: 'stale', message: currencyMessage(currency, block.key), ...(hint ? { hint } : {}), ...diff, run };
  }
  if (before.exitCode !== run.exitCode) return { block, status: 'rot', message: `exited with ${describeExitCode(run.exitCode)}, recorded with ${describeExitCode(before.exitCode)}`, ...diff, run };
  // A transcript is compared command by command: a command whose status changed is rot, named.
  const changed = run.commands?.find((command, i) => before.commands?.[i] && before.commands[i]?.exitCode !== command.exitCode);
  if (changed) return { block, status: 'rot', message: `\`${changed.command.split('\n')[0]}\` exited with ${describeExitCode(changed.exitCode)}, recorded with ${describeExitCode(before.commands?.[run.commands?.indexOf(changed) ?? 0]?.exitCode ?? 0)}`, ...diff, run };
  const gone = differs ? goneSignal(before.normalized, run.normalized) : undefined;
  if (gone) return { block, status: 'rot', message: `the tool says something is gone: "${gone}"`, ...diff, run };
  // A block that settles (until=) passes when any of its attempts printed what was recorded.
  if (differs && run.earlierOutputs?.some((earlier) => outputsMatch(before.normalized, earlier))) return { block, status: 'passed', message: 'an earlier attempt matched the recording', run };
  if (differs) return { block, status: 'drift', message: 'output differs from the recording', ...diff, run };
  // It matched, but the page does not stamp a one-run recording 검증됨: neither does the gate.
  if (currency.state === 'unreproduced') return { block, status: 'unreproduced', message: `matched this run, but ${currencyMessage(currency, block.key)}`, hint: currencyHint(currency, noteName(block)) as string, run };
  return { block, status: 'passed', run };
}
