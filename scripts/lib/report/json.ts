import { FAILING, noteFailed, type NoteResult } from '../core/results.ts';
import { reportContext, type ReportContext } from './context.ts';

/** The whole run as data: where it ran, the pin, and per note the verdict of every block. */
export function jsonReport(notes: readonly NoteResult[], context: ReportContext = reportContext()): string {
  return JSON.stringify(
    {
      // The same rule as the exit code: with --fail-on rot a drift alone is not a failure.
      ok: !notes.some((note) => noteFailed(note, context.failOn)),
      // What the report was made under, so that shards' reports can be merged (merge-reports.ts).
      failOn: context.failOn,
      ...(context.shard ? { shard: context.shard } : {}),
      ...(context.environment ? { environment: context.environment } : {}),
      pinned: context.pinned,
      notes: notes.map((note) => ({
        note: note.note,
        source: note.source,
        ...(note.skipped ? { skipped: note.skipped } : {}),
        ...(note.placement ? { placement: note.placement } : {}),
        problems: note.problems,
        ...(note.notices?.length ? { notices: note.notices } : {}),
        ...(note.written ? { written: note.written } : {}),
        blocks: note.blocks.map((b) => ({
          id: b.block.key,
          line: b.block.line,
          status: b.status,
          message: b.message,
          ...(b.hint ? { hint: b.hint } : {}),
          diff: b.diff,
          exitCode: b.run?.exitCode,
          durationMs: b.run?.durationMs,
          attempts: b.run?.attempts,
          // The output of every failing block, as the JUnit report carries it (a merge rebuilds both from this).
          ...(FAILING.includes(b.status) && b.run ? { output: b.run.transcript } : {}),
          ...(b.diagnostics ? { diagnostics: b.diagnostics } : {}),
        })),
      })),
    },
    null,
    2,
  );
}
