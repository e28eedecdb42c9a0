// The reporters, one file each under reporters/: text (the terminal, while the run goes),
// github (annotations), and the file reports json, junit and markdown, chosen by name.
import type { FileReport, REPORTERS } from './reporters/reporter-interface.ts';
import { jsonReport } from './reporters/json.ts';
import { junitReport } from './reporters/junit.ts';
import { markdownReport } from './reporters/markdown.ts';

/** --reporter NAME → its report; every name but `text` has one. */
export const FILE_REPORTS = { json: jsonReport, junit: junitReport, markdown: markdownReport } as const satisfies Record<Exclude<(typeof REPORTERS)[number], 'text'>, FileReport>;

export type { FileReport, Reporter } from './reporters/reporter-interface.ts';
export { reportContext, type ReportContext } from './reporters/context.ts';
export { githubAnnotations } from './reporters/github.ts';
export { summaryLine } from './reporters/summary.ts';
export { textReporter } from './reporters/text.ts';
export { jsonReport, junitReport, markdownReport };
