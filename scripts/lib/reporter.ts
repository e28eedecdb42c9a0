// The reporters, one file each under reporters/: text (the terminal, while the run goes),
// github (annotations), and the file reports json, junit and markdown, chosen by name.
import type { REPORTERS } from './options.ts';
import type { BlockResult, NoteResult } from './results.ts';
import type { ReportContext } from './reporters/context.ts';
import { jsonReport } from './reporters/json.ts';
import { junitReport } from './reporters/junit.ts';
import { markdownReport } from './reporters/markdown.ts';

export interface Reporter {
  blockFinished(result: BlockResult): void;
  /** Prints (or returns for a file) the report of the whole run. */
  finish(notes: readonly NoteResult[]): string;
}

/** A report of the finished run, for --report-file or stdout. */
export type FileReport = (notes: readonly NoteResult[], context?: ReportContext) => string;

/** --reporter NAME → its report; every name but `text` has one. */
export const FILE_REPORTS = { json: jsonReport, junit: junitReport, markdown: markdownReport } as const satisfies Record<Exclude<(typeof REPORTERS)[number], 'text'>, FileReport>;

export { reportContext, type ReportContext } from './reporters/context.ts';
export { githubAnnotations } from './reporters/github.ts';
export { summaryLine } from './reporters/summary.ts';
export { textReporter } from './reporters/text.ts';
export { jsonReport, junitReport, markdownReport };
