import type { BlockResult, BlockStatus } from '../core/results.ts';

/** The mark a verdict gets wherever a line per block is shown (terminal, job summary). */
export const STATUS_MARK: Record<BlockStatus, string> = {
  passed: '✓',
  recorded: '●',
  drift: '✗',
  rot: '✗',
  failed: '✗',
  unrecorded: '✗',
  stale: '✗',
  unreproduced: '✗',
  'not-run': '-',
  skipped: '·',
  prerequisite: '·',
};

/**
 * "3 passed, 1 failed (drift 1), 19 not run, 2 skipped": every block is counted once, under
 * what happened to it; a block that never ran is never counted as failed.
 */
export function summaryLine(blocks: readonly BlockResult[], problems: number): string {
  const count = (status: BlockStatus) => blocks.filter((b) => b.status === status).length;
  const failing = (['rot', 'failed', 'drift', 'stale', 'unreproduced', 'unrecorded'] as const).filter((s) => count(s) > 0);
  const failed = failing.reduce((n, s) => n + count(s), 0) + problems;
  const why = [...failing.map((s) => `${s} ${count(s)}`), ...(problems ? [`session ${problems}`] : [])];
  return [
    `${count('passed') + count('recorded')} passed`,
    `${failed} failed${why.length ? ` (${why.join(', ')})` : ''}`,
    count('not-run') && `${count('not-run')} not run`,
    count('skipped') && `${count('skipped')} skipped`,
    count('prerequisite') && `${count('prerequisite')} ran as prerequisites`,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * The summary of a whole run: its blocks and the problems of its sessions, then the notes
 * --changed left out (their blocks are not counted again as skipped blocks).
 */
export function runSummary(notes: readonly { blocks: readonly BlockResult[]; problems: readonly string[]; skipped?: string }[]): string {
  const ran = notes.filter((n) => !n.skipped);
  const skipped = notes.length - ran.length;
  const line = summaryLine(
    ran.flatMap((n) => n.blocks),
    ran.reduce((n, note) => n + note.problems.length, 0),
  );
  return skipped ? `${line}, ${skipped} note${skipped > 1 ? 's' : ''} skipped (current)` : line;
}
