import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeReports, parseJsonReport } from '../../../scripts/lib/book/merge.ts';
import { jsonReport, junitReport, markdownReport, reportContext } from '../../../scripts/lib/report/reporter.ts';
import type { NoteResult } from '../../../scripts/lib/core/results.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';

const [ok, drifted] = noteBlocks(fence('run id=ok', 'echo'), fence('run id=drifted', 'echo'));
const run = { exitCode: 0, timedOut: false, asExpected: true, transcript: 'x\n', normalized: 'x\n', masks: [], durationMs: 1200, attempts: 1 };
const note = (name: string, status: 'passed' | 'drift' = 'passed'): NoteResult => ({
  note: name,
  source: `content/notes/${name}.mdx`,
  blocks: [
    { block: { ...ok!, source: `content/notes/${name}.mdx` }, status: 'passed', run },
    { block: { ...drifted!, source: `content/notes/${name}.mdx` }, status, ...(status === 'drift' ? { message: 'output differs from the recording', diff: '-a\n+b' } : {}), run },
  ],
  problems: [],
});
const skipped: NoteResult = { note: 'c', source: 'content/notes/c.mdx', skipped: 'current', blocks: [{ block: { ...ok!, source: 'content/notes/c.mdx' }, status: 'skipped', message: 'skipped (current): its recordings are current' }], problems: [] };
const shardReport = (index: number, count: number, notes: NoteResult[], path = `shard-${index}.json`) => ({ path, report: parseJsonReport(jsonReport(notes, reportContext(undefined, undefined, 'drift', { index, count })), path) });

describe('merge-reports: the shards of one run as one report', () => {
  it('two shards merge into what one unsharded run reports: same notes, same verdicts, same JUnit and Markdown', () => {
    const all = [note('a'), note('b', 'drift'), skipped];
    const merged = mergeReports([shardReport(2, 2, [note('b', 'drift')]), shardReport(1, 2, [note('a'), skipped])]);
    assert.deepEqual(merged.problems, []);
    const unsharded = parseJsonReport(jsonReport(all), 'all.json');
    const again = parseJsonReport(jsonReport(merged.notes, merged.context), 'merged.json');
    assert.deepEqual(again.notes, unsharded.notes);
    assert.equal(again.ok, false);
    assert.deepEqual(again.shard, { count: 2 });
    const noShard = { ...merged.context };
    delete noShard.shard;
    assert.equal(junitReport(merged.notes, noShard), junitReport(all));
    assert.equal(markdownReport(merged.notes, noShard), markdownReport(all));
    assert.match(markdownReport(merged.notes, merged.context), /^- 샤드 2개의 보고서를 합친 결과$/m);
  });

  it('a shard that sent no report, or a note in two reports, fails the merge', () => {
    const missing = mergeReports([shardReport(1, 3, [note('a')]), shardReport(3, 3, [note('b')])]);
    assert.deepEqual(missing.problems, ['shard 2/3 sent no report: its notes were not verified']);
    const twice = mergeReports([shardReport(1, 2, [note('a')]), shardReport(2, 2, [note('a')])]);
    assert.match(twice.problems.join('\n'), /a is in two reports \(shard-1\.json and shard-2\.json\)/);
    const expected = mergeReports([shardReport(1, 1, [note('a')])], 2);
    assert.deepEqual(expected.problems, ['shard 2/2 sent no report: its notes were not verified']);
    assert.deepEqual(mergeReports([]).problems, ['no verify-notes JSON report was found']);
  });

  it('a file that is not a report is named', () => {
    assert.throws(() => parseJsonReport('{"ok": true}', 'x.json'), /x\.json: not a verify-notes JSON report \(notes: /);
    assert.throws(() => parseJsonReport('nope', 'y.json'), /y\.json: not JSON/);
  });
});
