import { blockLocation, type Block } from '../../src/lib/blocks/block.ts';
import { escapeAnnotation } from './user-error.ts';
import { endedBadly, FAILING, noteFailed, type BlockResult, type BlockStatus, type NoteResult } from './results.ts';

export interface Reporter {
  blockStarted(block: Block): void;
  blockFinished(result: BlockResult): void;
  /** Prints (or returns for a file) the report of the whole run. */
  finish(notes: readonly NoteResult[]): string;
}

const MARK: Record<BlockResult['status'], string> = {
  passed: '✓',
  recorded: '●',
  drift: '✗',
  rot: '✗',
  failed: '✗',
  unrecorded: '✗',
  stale: '✗',
  'not-run': '-',
  skipped: '·',
  prerequisite: '·',
};

const seconds = (ms: number | undefined) => (ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)}s)`);

function indent(text: string, prefix = '    '): string {
  return text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}

/**
 * "3 passed, 1 failed (drift 1), 19 not run, 2 skipped": every block is counted once, under
 * what happened to it; a block that never ran is never counted as failed.
 */
export function summaryLine(blocks: readonly BlockResult[], problems: number): string {
  const count = (status: BlockStatus) => blocks.filter((b) => b.status === status).length;
  const failing = (['rot', 'failed', 'drift', 'stale', 'unrecorded'] as const).filter((s) => count(s) > 0);
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

const FAILED_OUTPUT_LINES = 200;

/** The end of a failed block's output: where it failed is nearly always there. */
function lastLines(text: string): string {
  return text.trimEnd().split('\n').slice(-FAILED_OUTPUT_LINES).join('\n');
}

function excerptNote(text: string): string {
  const lines = text.trimEnd().split('\n').length;
  return lines > FAILED_OUTPUT_LINES ? ` (last ${FAILED_OUTPUT_LINES} of ${lines} lines; all of it is in --reporter json/junit)` : '';
}

/** Human output: a line per block as it finishes; a live "running" line only on a TTY. */
export function textReporter(stream: NodeJS.WriteStream = process.stderr, verbose = false): Reporter {
  const live = Boolean(stream.isTTY) && !process.env.CI;
  const clear = () => live && stream.write('\r\x1b[2K');
  return {
    blockStarted(block) {
      if (live) stream.write(`… ${blockLocation(block)} ${block.key}`);
    },
    blockFinished(result) {
      clear();
      const { block, status, run } = result;
      if (status === 'skipped' && !verbose) return;
      const attempts = run && run.attempts > 1 ? `, ${run.attempts} attempts` : '';
      stream.write(`${MARK[status]} ${blockLocation(block)} ${block.key} ${status}${seconds(run?.durationMs)}${attempts}${result.message && status !== 'passed' ? `: ${result.message}` : ''}\n`);
      if (result.diff) stream.write(`${indent(result.diff)}\n`);
      if (run?.omittedBytes) stream.write(`    warning: the output was longer than --max-output; ${run.omittedBytes} bytes in the middle are left out (head and tail kept)\n`);
      if (endedBadly(status) && run) stream.write(`    output${excerptNote(run.transcript)}:\n${indent(lastLines(run.transcript) || '(no output)', '      ')}\n`);
      if (result.diagnostics) stream.write(`    diagnostics:\n${indent(result.diagnostics, '      ')}\n`);
      if (result.hint) stream.write(`    hint: ${result.hint}\n`);
      else if (status === 'unrecorded' || status === 'stale') stream.write(`    hint: record it with \`npm run verify-notes -- --update --note ${block.source.replace(/^.*\/|\.mdx$/g, '')}\`\n`);
    },
    finish(notes) {
      const all = notes.flatMap((n) => n.blocks);
      for (const note of notes) {
        for (const problem of note.problems) stream.write(`✗ ${note.source}: ${problem}\n`);
        if (note.written) stream.write(`● wrote ${note.written}\n`);
      }
      return `${summaryLine(all, notes.reduce((n, note) => n + note.problems.length, 0))}\n`;
    },
  };
}

/** `::error file=…,line=…::` lines so a GitHub Actions failure points at the block. */
export function githubAnnotations(notes: readonly NoteResult[]): string {
  const escape = escapeAnnotation;
  return notes
    .flatMap((note) => [
      ...note.blocks
        .filter((b) => FAILING.includes(b.status))
        .map((b) => `::error file=${b.block.source},line=${b.block.line},title=${b.block.key} ${b.status}::${escape([b.message, b.diff].filter(Boolean).join('\n'))}`),
      ...note.problems.map((p) => `::error file=${note.source}::${escape(p)}`),
    ])
    .join('\n');
}

export function jsonReport(notes: readonly NoteResult[]): string {
  return JSON.stringify(
    {
      ok: !notes.some((note) => noteFailed(note)),
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

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');

/** JUnit XML: a suite per note, a case per block carrying the block's file and line. */
export function junitReport(notes: readonly NoteResult[]): string {
  const suites = notes.map((note) => {
    const cases = note.blocks.map((b) => {
      const attrs = `name="${xml(b.block.key)}" classname="${xml(note.note)}" file="${xml(b.block.source)}" line="${b.block.line}" time="${((b.run?.durationMs ?? 0) / 1000).toFixed(3)}"`;
      if (b.status === 'skipped') return `    <testcase ${attrs}><skipped message="${xml(b.message ?? 'skipped')}"/></testcase>`;
      if (!FAILING.includes(b.status)) return `    <testcase ${attrs}/>`;
      const body = [b.diff, b.run?.transcript, b.diagnostics].filter(Boolean).join('\n\n');
      return `    <testcase ${attrs}><failure message="${xml(`${blockLocation(b.block)}: ${b.status}: ${b.message ?? ''}`)}" type="${b.status}">${xml(body)}</failure></testcase>`;
    });
    const problems = note.problems.map((p, i) => `    <testcase name="session-${i + 1}" classname="${xml(note.note)}" file="${xml(note.source)}"><failure message="${xml(p)}" type="session"/></testcase>`);
    const failures = note.blocks.filter((b) => FAILING.includes(b.status)).length + note.problems.length;
    const skipped = note.blocks.filter((b) => b.status === 'skipped').length;
    return `  <testsuite name="${xml(note.source)}" tests="${cases.length + problems.length}" failures="${failures}" skipped="${skipped}">\n${[...cases, ...problems].join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="verify-notes">\n${suites.join('\n')}\n</testsuites>\n`;
}
