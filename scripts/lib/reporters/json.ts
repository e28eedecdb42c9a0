import { endedBadly, noteFailed, type NoteResult } from '../results.ts';
import { reportContext, type ReportContext } from './context.ts';

/** The whole run as data: where it ran, the pin, and per note the verdict of every block. */
export function jsonReport(notes: readonly NoteResult[], context: ReportContext = reportContext()): string {
  return JSON.stringify(
    {
      // The same rule as the exit code: with --fail-on rot a drift alone is not a failure.
      ok: !notes.some((note) => noteFailed(note, context.failOn)),
      ...(context.environment ? { environment: context.environment } : {}),
      pinned: context.pinned,
      notes: notes.map((note) => ({
        note: note.note,
        source: note.source,
        problems: note.problems,
        blocks: note.blocks.map((b) => ({
          id: b.block.key,
          line: b.block.line,
          status: b.status,
          message: b.message,
          diff: b.diff,
          exitCode: b.run?.exitCode,
          durationMs: b.run?.durationMs,
          attempts: b.run?.attempts,
          ...(endedBadly(b.status) && b.run ? { output: b.run.transcript } : {}),
        })),
      })),
    },
    null,
    2,
  );
}
