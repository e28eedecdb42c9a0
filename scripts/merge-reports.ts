#!/usr/bin/env node
// merge-reports: the JSON reports of a sharded run (verify-notes --shard I/N --reporter json)
// as one run: one verdict and exit code, one job summary, and the merged report in any format.
//   npm run merge-reports -- reports/ [--shards N] [--json PATH] [--junit PATH] [--markdown PATH]
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { blockLocation } from '../src/lib/blocks/block.ts';
import { mergeReports, parseJsonReport, ReportFileError, type JsonReport } from './lib/book/merge.ts';
import { FILE_REPORTS } from './lib/report/reporter.ts';
import { FAILING, noteFailed } from './lib/core/results.ts';
import { runSummary, STATUS_MARK } from './lib/report/summary.ts';
import { EXIT } from './lib/core/user-error.ts';

const HELP = `Usage: npm run merge-reports -- DIR [options]

Reads every verify-notes JSON report under DIR (e.g. the artifacts of the shards of one
workflow run) and reports them as one run: every note once, one verdict, one exit code.

Options:
  --shards N        the run had N shards: a shard that sent no report fails the merge
                    (default: the count the reports carry)
  --json PATH       write the merged JSON report there
  --junit PATH      write the merged JUnit report there
  --markdown PATH   write the merged Markdown summary there (in GitHub Actions it is also
                    appended to the job summary)
  -h, --help        this help

Exit codes: 0 every note passed · 1 a note failed, a shard sent no report, or a note is in
two reports · 2 bad input (no such directory, a file that is not a report).`;

async function reportFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

async function write(path: string, text: string, append = false): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, { flag: append ? 'a' : 'w' });
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { shards: { type: 'string' }, json: { type: 'string' }, junit: { type: 'string' }, markdown: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const [dir, ...extra] = positionals;
  if (!dir || extra.length) throw new ReportFileError('give one directory of JSON reports, e.g. npm run merge-reports -- reports/');
  const shards = values.shards === undefined ? undefined : Number(values.shards);
  if (shards !== undefined && !(Number.isInteger(shards) && shards > 0)) throw new ReportFileError(`--shards ${values.shards}: not a number of shards`);
  const reports: Array<{ path: string; report: JsonReport }> = [];
  for (const path of await reportFiles(dir)) reports.push({ path, report: parseJsonReport(await readFile(path, 'utf8'), path) });
  const { notes, context, problems } = mergeReports(reports, shards);

  for (const note of notes) {
    const failing = note.blocks.filter((b) => FAILING.includes(b.status));
    const mark = note.skipped ? STATUS_MARK.skipped : noteFailed(note, context.failOn) ? '✗' : '✓';
    process.stderr.write(`${mark} ${note.source}: ${note.skipped ? `skipped (${note.skipped})` : runSummary([note])}\n`);
    for (const b of failing) process.stderr.write(`    ${STATUS_MARK[b.status]} ${blockLocation(b.block)} ${b.block.key} ${b.status}${b.message ? `: ${b.message}` : ''}\n`);
    for (const problem of note.problems) process.stderr.write(`    ✗ ${problem.split('\n')[0]}\n`);
  }
  for (const problem of problems) process.stderr.write(`✗ merge: ${problem}\n`);
  process.stderr.write(`${reports.length} report(s)${context.shard ? ` of ${context.shard.count} shard(s)` : ''}: ${runSummary(notes)}\n`);

  const markdown = FILE_REPORTS.markdown(notes, context) + (problems.length ? `\n${problems.map((p) => `- ✗ 병합: ${p}`).join('\n')}\n` : '');
  if (values.markdown) await write(values.markdown, markdown);
  if (process.env.GITHUB_ACTIONS && process.env.GITHUB_STEP_SUMMARY && values.markdown !== process.env.GITHUB_STEP_SUMMARY) await write(process.env.GITHUB_STEP_SUMMARY, markdown, true);
  if (values.json) await write(values.json, FILE_REPORTS.json(notes, context));
  if (values.junit) await write(values.junit, FILE_REPORTS.junit(notes, context));
  return problems.length || notes.some((note) => noteFailed(note, context.failOn)) ? EXIT.blocksFailed : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof ReportFileError) && !(error as NodeJS.ErrnoException).code) throw error;
  console.error(`✗ ${(error as Error).message}\n  hint: see \`npm run merge-reports -- --help\``);
  process.exitCode = EXIT.badInput;
}
