import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import { githubAnnotations, jsonReport, junitReport } from '../../scripts/lib/reporter.ts';
import type { NoteResult } from '../../scripts/lib/results.ts';

const [ok, drifted] = blocksOf(parseMdx('```sh run id=ok\necho\n```\n\n```sh run id=drifted\necho "<b>"\n```\n', 'content/notes/n.mdx'), 'content/notes/n.mdx');
const run = { exitCode: 0, timedOut: false, asExpected: true, transcript: '<b>\n', normalized: '<b>\n', masks: [], durationMs: 1500, attempts: 1 };
const result: NoteResult = {
  note: 'n',
  source: 'content/notes/n.mdx',
  blocks: [
    { block: ok!, status: 'passed', run },
    { block: drifted!, status: 'drift', message: 'output differs from the recording', diff: '-a\n+<b>', run },
  ],
  problems: ['left behind in Docker (now removed): container x'],
};

describe('reporters', () => {
  it('JUnit: a case per block with file and line, failures escaped, session problems as cases', () => {
    const xml = junitReport([result]);
    assert.match(xml, /<testcase name="ok" classname="n" file="content\/notes\/n\.mdx" line="1" time="1\.500"\/>/);
    assert.match(xml, /<testcase name="drifted" [^>]*line="5"[^>]*><failure message="content\/notes\/n\.mdx:5: drift: output differs from the recording" type="drift">-a\n\+&lt;b&gt;/);
    assert.match(xml, /<testsuite name="content\/notes\/n\.mdx" tests="3" failures="2" skipped="0">/);
  });

  it('GitHub annotations point at the block', () => {
    assert.match(githubAnnotations([result]), /^::error file=content\/notes\/n\.mdx,line=5,title=drifted drift::output differs from the recording%0A-a%0A\+<b>$/m);
  });

  it('JSON: ok is false when anything failed', () => {
    const json = JSON.parse(jsonReport([result]));
    assert.equal(json.ok, false);
    assert.deepEqual(json.notes[0].blocks.map((b: { id: string; status: string }) => [b.id, b.status]), [['ok', 'passed'], ['drifted', 'drift']]);
  });
});

describe('summary and exit codes', () => {
  it('counts every block once, under what happened to it', async () => {
    const { summaryLine } = await import('../../scripts/lib/reporter.ts');
    const of = (status: NoteResult['blocks'][number]['status']) => ({ block: ok!, status });
    const line = summaryLine([of('failed'), ...Array.from({ length: 19 }, () => of('not-run')), of('skipped'), of('prerequisite')], 0);
    assert.equal(line, '0 passed, 1 failed (failed 1), 19 not run, 1 skipped, 1 ran as prerequisites');
    assert.equal(summaryLine([of('passed'), of('drift'), of('stale')], 1), '1 passed, 3 failed (drift 1, stale 1, session 1)');
  });

  it('names exit codes that are signals from the OS table', async () => {
    const { describeExitCode } = await import('../../scripts/lib/exit-code.ts');
    assert.equal(describeExitCode(137), '137 (SIGKILL)');
    assert.equal(describeExitCode(143), '143 (SIGTERM)');
    assert.equal(describeExitCode(129), '129 (SIGHUP)');
    assert.equal(describeExitCode(3), '3');
  });
});
