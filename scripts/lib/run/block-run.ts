import type { Block } from '../../../src/lib/blocks/block.ts';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';
import { maskSecrets } from '../../../src/lib/normalize/secrets.ts';
import { joinedOutput, mergedMasks } from '../../../src/lib/store/command-outputs.ts';
import { runScript, type ShellOptions, type ShellResult } from './shell.ts';
import { markedScript, newNonce, splitMarked } from './command-marks.ts';
import type { BlockRun } from '../core/results.ts';
import { DEFAULT_TIMEOUT_MS, RETRY_INTERVAL_MS } from '../core/timeouts.ts';

export { BACKGROUND_READY_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, RETRY_INTERVAL_MS } from '../core/timeouts.ts';
export type { BlockRun } from '../core/results.ts';

export function exitAsExpected(block: Block, exitCode: number, timedOut: boolean): boolean {
  if (timedOut) return false;
  const expected = block.meta.expectedExit;
  return expected === 'nonzero' ? exitCode !== 0 : exitCode === expected;
}

/** Masks secrets first (nothing unmasked is ever kept), then normalises. */
export function recordableOutput(block: Block, output: string, env: NodeJS.ProcessEnv): Pick<BlockRun, 'transcript' | 'normalized' | 'masks'> {
  const secretValues = Object.fromEntries(block.meta.secrets.map((name) => [name, env[name] ?? '']));
  const masked = maskSecrets(output, secretValues);
  const normalized = normalizeTranscript(masked.text, block.meta.normalize);
  return { transcript: masked.text, normalized: normalized.text, masks: [...masked.masks, ...normalized.masks] };
}

/**
 * A transcript block's run, command by command: each output masked and normalised on its own
 * (a secret or a table of one command never shapes another's), joined into the block's texts.
 */
function recordableCommands(block: Block, result: ShellResult, nonce: string, env: NodeJS.ProcessEnv): Pick<BlockRun, 'transcript' | 'normalized' | 'masks' | 'commands'> & { output: string } {
  const typed = (block.transcript ?? []).map((c) => c.command);
  const { outputs, exitCodes } = splitMarked(result.output, nonce, typed.length, result.exitCode);
  const made = outputs.map((output, i) => ({ command: typed[i] ?? '', exitCode: exitCodes[i] ?? 0, ...recordableOutput(block, output, env) }));
  const commands = made.map(({ command, exitCode, transcript, normalized }) => ({ command, exitCode, transcript, normalized }));
  return { output: outputs.join(''), transcript: joinedOutput(commands, 'transcript'), normalized: joinedOutput(commands, 'normalized'), masks: mergedMasks(made.map((m) => m.masks)), commands };
}

/** Runs the block's code once: a transcript block's commands marked, its output split by command. */
async function runOnce(block: Block, shell: ShellOptions): Promise<{ result: ShellResult; recordable: Pick<BlockRun, 'transcript' | 'normalized' | 'masks' | 'commands'> }> {
  if (!block.transcript) {
    const result = await runScript(block.code, shell);
    return { result, recordable: recordableOutput(block, result.output, shell.env) };
  }
  const nonce = newNonce();
  const marked = await runScript(markedScript(block.transcript.map((c) => c.command), nonce), shell);
  const { output, ...recordable } = recordableCommands(block, marked, nonce, shell.env);
  // until= and the failure report read what the commands printed, never the marks.
  return { result: { ...marked, output }, recordable };
}

const MAX_KEPT_ATTEMPTS = 50;

/**
 * Runs a block, re-running a `retry=` block until it ends as expected (and, with `until=`,
 * until its output matches: a state that settles, like a pod reaching Running) or its time
 * is up. The comparison forms of the attempts before the last are kept: in verify mode an
 * attempt that matches the recording counts. `progress` hears of each attempt (wait-status.ts).
 */
export async function runBlock(block: Block, shell: Omit<ShellOptions, 'timeoutMs' | 'name'>, progress?: { attempt(n: number): void }): Promise<BlockRun> {
  const timeoutMs = block.meta.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryUntil = performance.now() + (block.meta.retryMs ?? 0);
  const started = performance.now();
  const { until } = block.meta;
  const settled = (r: ShellResult) => exitAsExpected(block, r.exitCode, r.timedOut) && (!until || until.test(r.output));
  const earlier: string[] = [];
  let attempts = 0;
  let result: ShellResult;
  let recordable: Awaited<ReturnType<typeof runOnce>>['recordable'];
  for (;;) {
    attempts++;
    progress?.attempt(attempts);
    ({ result, recordable } = await runOnce(block, { ...shell, timeoutMs, name: block.key.replace(/[^\w-]/g, '_') }));
    if (settled(result) || shell.signal?.aborted || block.meta.retryMs === undefined || performance.now() + RETRY_INTERVAL_MS >= retryUntil) break;
    if (until && exitAsExpected(block, result.exitCode, result.timedOut) && earlier.length < MAX_KEPT_ATTEMPTS) earlier.push(recordable.normalized);
    await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
  }
  const endedAsExpected = exitAsExpected(block, result.exitCode, result.timedOut);
  const unsettled = until !== undefined && endedAsExpected && !until.test(result.output);
  return {
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    asExpected: endedAsExpected && !unsettled,
    ...recordable,
    ...(result.omittedBytes ? { omittedBytes: result.omittedBytes } : {}),
    ...(unsettled ? { error: `the output never matched until=${until} within retry=${(block.meta.retryMs ?? 0) / 1000}s (${attempts} attempts); the last attempt is shown` } : {}),
    ...(earlier.length ? { earlierOutputs: earlier } : {}),
    durationMs: Math.round(performance.now() - started),
    attempts,
  };
}
