import { escapeAnnotation } from '../core/user-error.ts';
import { FAILING, type NoteResult } from '../core/results.ts';

/** `::error file=…,line=…::` lines so a GitHub Actions failure points at the block. */
export function githubAnnotations(notes: readonly NoteResult[]): string {
  const escape = escapeAnnotation;
  return notes
    .flatMap((note) => [
      ...note.blocks
        .filter((b) => FAILING.includes(b.status))
        .map((b) => `::error file=${b.block.source},line=${b.block.line},title=${b.block.key} ${b.status}::${escape([b.message, b.diff].filter(Boolean).join('\n'))}`),
      ...note.problems.map((p) => `::error file=${note.source}::${escape(p)}`),
      // A note --changed left out is no failure, but the run should say it was not run.
      ...(note.skipped ? [`::notice file=${note.source},title=${note.note} skipped (${note.skipped})::${escape(note.blocks[0]?.message ?? `skipped (${note.skipped})`)}`] : []),
    ])
    .join('\n');
}
