import type { Block } from '../../src/lib/blocks/block.ts';
import { normalizeTranscript } from '../../src/lib/normalize/index.ts';
import { maskSecrets } from '../../src/lib/normalize/secrets.ts';
import type { Mask } from '../../src/lib/store/schema.ts';
import { runScript, type ShellOptions, type ShellResult } from './shell.ts';

export const DEFAULT_TIMEOUT_MS = 120_000;
export const RETRY_INTERVAL_MS = 1_000;

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

/** Runs a block, re-running a `retry=` block until it ends as expected or its time is up. */
export async function runBlock(block: Block, shell: Omit<ShellOptions, 'timeoutMs' | 'name'>): Promise<BlockRun> {
  const timeoutMs = block.meta.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retryUntil = performance.now() + (block.meta.retryMs ?? 0);
  const started = performance.now();
  let attempts = 0;
  let result: ShellResult;
  for (;;) {
    attempts++;
    result = await runScript(block.code, { ...shell, timeoutMs, name: block.key.replace(/[^\w-]/g, '_') });
    const done = exitAsExpected(block, result.exitCode, result.timedOut);
    if (done || shell.signal?.aborted || block.meta.retryMs === undefined || performance.now() + RETRY_INTERVAL_MS >= retryUntil) break;
    await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
  }
  return {
    exitCode: result.exitCode,
    timedOut: result.timedOut,
    asExpected: exitAsExpected(block, result.exitCode, result.timedOut),
    ...recordableOutput(block, result.output, shell.env),
    ...(result.omittedBytes ? { omittedBytes: result.omittedBytes } : {}),
    durationMs: Math.round(performance.now() - started),
    attempts,
  };
}
