import { blockLocation, type Block } from '../../src/lib/blocks/block.ts';
import { outputDiff, outputsMatch } from '../../src/lib/compare.ts';
import { currencyHint, currencyMessage, currencyOf } from '../../src/lib/store/currency.ts';
import type { BlockRecording } from '../../src/lib/store/schema.ts';
import type { BlockRun } from './block-run.ts';
import { DEFAULT_TIMEOUT_MS } from './block-run.ts';
import { describeExitCode } from './exit-code.ts';
import type { BlockResult } from './results.ts';

export type Mode = 'verify' | 'update';

function failure(block: Block, run: BlockRun): string {
  if (run.timedOut) return `timed out after ${block.meta.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms (process group killed)`;
  return `exited with ${describeExitCode(run.exitCode)}, expected ${block.meta.expectedExit === 'nonzero' ? 'a failure' : block.meta.expectedExit}`;
}

/** A block run only to give a selected block its session state: it must succeed, nothing more. */
export function judgePrerequisite(block: Block, run: BlockRun): BlockResult {
  const why = block.meta.cleanup ? 'cleanup after a partial run: not compared' : 'ran before a selected block; not compared';
  return run.asExpected ? { block, status: 'prerequisite', message: why, run } : { block, status: 'failed', message: `prerequisite ${failure(block, run)}`, run };
}

/**
 * The one verdict of a checked block. Verify: the recording must be current (currency.ts)
 * and the run must end with the recorded exit code and print the recorded comparison form.
 * Update: the run is accepted; the message says what the re-recording changes.
 */
export function judge(block: Block, run: BlockRun, recorded: BlockRecording | undefined, inputs: readonly string[], mode: Mode): BlockResult {
  if (!run.asExpected) return { block, status: 'failed', message: failure(block, run), run };
  const before = recorded?.kind === 'run' ? recorded : undefined;
  if (mode === 'update') {
    // Re-recording shows what it changes, so the author can check the new output.
    if (!before) return { block, status: 'recorded', message: 'new recording', run };
    if (outputsMatch(before.normalized, run.normalized) && before.exitCode === run.exitCode) return { block, status: 'recorded', run };
    return { block, status: 'recorded', message: 'output changed', diff: outputDiff(before.normalized, run.normalized, blockLocation(block)), run };
  }
  const currency = currencyOf(block, inputs, recorded);
  if (!before || currency.state === 'missing') return { block, status: 'unrecorded', message: 'no recorded output yet', run };
  const differs = !outputsMatch(before.normalized, run.normalized);
  const diff = differs ? { diff: outputDiff(before.normalized, run.normalized, blockLocation(block)) } : {};
  if (currency.state !== 'current') {
    const hint = currencyHint(currency, block.source.replace(/^.*\/|\.mdx?$/g, ''));
    return { block, status: 'stale', message: currencyMessage(currency, block.key), ...(hint ? { hint } : {}), ...diff, run };
  }
  if (before.exitCode !== run.exitCode) return { block, status: 'drift', message: `exited with ${describeExitCode(run.exitCode)}, recorded with ${describeExitCode(before.exitCode)}`, ...diff, run };
  if (differs) return { block, status: 'drift', message: 'output differs from the recording', ...diff, run };
  return { block, status: 'passed', run };
}
