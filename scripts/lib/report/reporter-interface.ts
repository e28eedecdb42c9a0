// What a reporter is, apart from which reporters there are: the text reporter implements it
// and the list of reporters (reporter.ts) names it, so neither has to import the other.
import type { NoteResult, BlockResult } from '../core/results.ts';
import type { ReportContext } from './context.ts';

/** The names --reporter accepts. */
export const REPORTERS = ['text', 'json', 'junit', 'markdown'] as const;

export interface Reporter {
  blockFinished(result: BlockResult): void;
  /** Prints (or returns for a file) the report of the whole run. */
  finish(notes: readonly NoteResult[]): string;
}

/** A report of the finished run, for --report-file or stdout. */
export type FileReport = (notes: readonly NoteResult[], context?: ReportContext) => string;
