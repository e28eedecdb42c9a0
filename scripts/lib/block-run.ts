import type { Block } from '../../src/lib/blocks/block.ts';
import { normalizeTranscript } from '../../src/lib/normalize/index.ts';
import { maskSecrets } from '../../src/lib/normalize/secrets.ts';
import type { Mask } from '../../src/lib/store/schema.ts';
import { runScript, type ShellOptions, type ShellResult } from './shell.ts';

export const DEFAULT_TIMEOUT_MS = 120_000;
export const RETRY_INTERVAL_MS = 1_000;
/** How long a `background` block may take to print its ready line, unless `timeout=` says. */
export const BACKGROUND_READY_TIMEOUT_MS = 30_000;

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
  /** until= blocks: the comparison forms of earlier attempts that ended as expected but had not settled. */
  earlierOutputs?: string[];
}

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
  for (;;) {
    attempts++;
    progress?.attempt(attempts);
    result = await runScript(block.code, { ...shell, timeoutMs, name: block.key.replace(/[^\w-]/g, '_') });
    if (settled(result) || shell.signal?.aborted || block.meta.retryMs === undefined || performance.now() + RETRY_INTERVAL_MS >= retryUntil) break;
    if (until && exitAsExpected(block, result.exitCode, result.timedOut) && earlier.length < MAX_KEPT_ATTEMPTS) earlier.push(recordableOutput(block, result.output, shell.env).normalized);
    await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
  }
  const endedAsExpected = exitAsExpected(block, result.exitCode, result.timedOut);
  const unsettled = until !== undefined && endedAsExpected && !until.test(result.output);
  return {
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    asExpected: endedAsExpected && !unsettled,
    ...recordableOutput(block, result.output, shell.env),
    ...(result.omittedBytes ? { omittedBytes: result.omittedBytes } : {}),
    ...(unsettled ? { error: `the output never matched until=${until} within retry=${(block.meta.retryMs ?? 0) / 1000}s (${attempts} attempts); the last attempt is shown` } : {}),
    ...(earlier.length ? { earlierOutputs: earlier } : {}),
    durationMs: Math.round(performance.now() - started),
    attempts,
  };
}
