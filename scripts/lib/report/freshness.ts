import type { Environment, Freshness, FreshnessBlock } from '../../../src/lib/store/schema.ts';
import type { NoteResult } from '../core/results.ts';

const VERDICTS = ['passed', 'drift', 'rot', 'failed', 'stale', 'unrecorded', 'not-run', 'skipped'] as const;

/**
 * A note's run on another environment, as the page shows it under each output: the
 * verdict, and for a drift the diff. Prerequisites and recordings never enter it.
 */
export function freshnessOf(result: NoteResult, environmentName: string, environment: Environment): Freshness {
  const blocks: Record<string, FreshnessBlock> = {};
  for (const { block, status: judged, message, diff, run } of result.blocks) {
    // Matched a pinned recording made from one run: "same" is true of this environment;
    // whether the pinned recording reproduces is the pinned gate's question.
    const status = judged === 'unreproduced' ? 'passed' : judged;
    if (block.kind !== 'run' || !(VERDICTS as readonly string[]).includes(status)) continue;
    blocks[block.key] = {
      verdict: status as FreshnessBlock['verdict'],
      ...(run ? { exitCode: run.exitCode } : {}),
      ...(message && status !== 'passed' ? { message } : {}),
      ...(diff ? { diff } : {}),
    };
  }
  return { note: result.note, environmentName, ranAt: new Date().toISOString(), environment, blocks };
}
