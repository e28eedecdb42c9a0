// The reporters, one file each in this folder: text (the terminal, while the run goes),
// github (annotations), and the file reports json, junit and markdown, chosen by name.
import type { FileReport, REPORTERS } from './reporter-interface.ts';
import { jsonReport } from './json.ts';
import { junitReport } from './junit.ts';
import { markdownReport } from './markdown.ts';

/** --reporter NAME → its report; every name but `text` has one. */
export const FILE_REPORTS = { json: jsonReport, junit: junitReport, markdown: markdownReport } as const satisfies Record<Exclude<(typeof REPORTERS)[number], 'text'>, FileReport>;

export type { FileReport, Reporter } from './reporter-interface.ts';
export { reportContext, type ReportContext } from './context.ts';
export { githubAnnotations } from './github.ts';
export { summaryLine } from './summary.ts';
export { textReporter } from './text.ts';
export { jsonReport, junitReport, markdownReport };
