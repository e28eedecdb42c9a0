import { blockLocation } from '../../../src/lib/blocks/block.ts';
import { FAILING, type NoteResult } from '../core/results.ts';
import { environmentProperties, reportContext, type ReportContext } from './context.ts';

/** The one XML escaping: every attribute and every text node of the report goes through it. */
const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, '');

function properties(context: ReportContext, indent: string, more: ReadonlyArray<[string, string]> = []): string {
  const lines = [...environmentProperties(context), ...more].map(([name, value]) => `${indent}  <property name="${xml(name)}" value="${xml(value)}"/>`);
  return `${indent}<properties>\n${lines.join('\n')}\n${indent}</properties>`;
}

/** JUnit XML: a suite per note, a case per block carrying the block's file and line; the versions as properties. */
export function junitReport(notes: readonly NoteResult[], context: ReportContext = reportContext()): string {
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
    // Why the note was not run (--changed) or where it ran (--jobs): properties of its suite.
    const about: Array<[string, string]> = [...(note.skipped ? [['skipped', note.skipped] as [string, string]] : []), ...(note.placement ? [['placement', `${note.placement.mode}: ${note.placement.reason}`] as [string, string]] : [])];
    return `  <testsuite name="${xml(note.source)}" tests="${cases.length + problems.length}" failures="${failures}" skipped="${skipped}">\n${[properties(context, '    ', about), ...cases, ...problems].join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="verify-notes">\n${[properties(context, '  '), ...suites].join('\n')}\n</testsuites>\n`;
}
