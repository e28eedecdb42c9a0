import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blocksOf } from '../../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../../src/lib/blocks/parse-note.ts';
import { githubAnnotations, jsonReport, junitReport, markdownReport, reportContext, summaryLine } from '../../../scripts/lib/report/reporter.ts';
import { pinnedEnvironment } from '../../../scripts/lib/core/pinned-environment.ts';
import type { NoteResult } from '../../../scripts/lib/core/results.ts';

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

  it('JSON: ok follows --fail-on, as the exit code does (drift alone passes --fail-on rot)', async () => {
    const { reportContext } = await import('../../../scripts/lib/report/reporter.ts');
    const driftOnly: NoteResult = { ...result, problems: [] };
    assert.equal(JSON.parse(jsonReport([driftOnly], reportContext(undefined, undefined, 'rot'))).ok, true);
    assert.equal(JSON.parse(jsonReport([driftOnly], reportContext(undefined, undefined, 'drift'))).ok, false);
  });
});

describe('reports carry the environment they ran on and the pin', () => {
  const pinned = pinnedEnvironment();
  const environment = { os: 'Ubuntu 24.04', runner: 'kubia-notes 0.1.0', docker: { client: '28.2.2', server: '28.1.1' }, kubernetes: { client: 'v1.35.2', server: 'v1.35.1', context: 'kind-kubia-notes-latest' }, kind: 'v0.34.0' };
  const context = reportContext(environment);

  it('JSON: the run\'s environment and the pinned one at the top, the verdicts as before', () => {
    const json = JSON.parse(jsonReport([result], context));
    assert.deepEqual(json.environment, environment);
    assert.deepEqual(json.pinned, pinned);
    assert.equal(json.notes[0].blocks[1].status, 'drift');
  });

  it('JSON: no environment when the run never got one (--static), the pin still', () => {
    const json = JSON.parse(jsonReport([result]));
    assert.equal('environment' in json, false);
    assert.equal(json.pinned.kubernetes, pinned.kubernetes);
  });

  it('JUnit: the versions as properties of the run and of every suite, escaped like everything else', () => {
    const xml = junitReport([result, { ...result, note: 'm', source: 'content/notes/m.mdx' }], reportContext({ ...environment, kind: 'v0.34.0"<&>' }));
    const block = [
      '<properties>',
      '<property name="environment.docker" value="28.1.1"/>',
      '<property name="environment.kubernetes" value="v1.35.1"/>',
      '<property name="environment.kubectl" value="v1.35.2"/>',
      '<property name="environment.kind" value="v0.34.0&quot;&lt;&amp;&gt;"/>',
      `<property name="pinned.kubernetes" value="${pinned.kubernetes}"/>`,
      `<property name="pinned.kind" value="${pinned.kind}"/>`,
      '</properties>',
    ].join('\\s*');
    assert.match(xml, new RegExp(`<testsuites name="verify-notes">\\s*${block}\\s*<testsuite `));
    assert.equal(xml.match(new RegExp(`<testsuite name="[^"]*"[^>]*>\\s*${block}\\s*<testcase `, 'g'))?.length, 2);
  });

  it('JUnit: only the pin when the run never got an environment', () => {
    const xml = junitReport([result]);
    assert.doesNotMatch(xml, /environment\./);
    assert.match(xml, new RegExp(`<property name="pinned.kind" value="${pinned.kind}"/>`));
  });
});

describe('Markdown job summary', () => {
  const environment = { os: 'Ubuntu 24.04', runner: 'r', docker: { client: '28.2.2', server: '28.1.1' }, kubernetes: { client: 'v1.35.2', server: 'v1.35.1', context: 'kind-kubia-notes-latest' }, kind: 'v0.34.0' };
  const skippedBlock = blocksOf(parseMdx('```sh run id=later\necho\n```\n', 'content/notes/n.mdx'), 'content/notes/n.mdx')[0]!;
  const hostile: NoteResult = {
    ...result,
    blocks: [
      result.blocks[0]!,
      { ...result.blocks[1]!, message: 'a | b <script>', diff: '-a\n+```\n+<b>' },
      { block: skippedBlock, status: 'skipped', message: 'filtered out' },
    ],
  };
  const md = markdownReport([hostile], reportContext(environment));

  it('opens with the verdict counts and where it ran against the pin', () => {
    const pinned = pinnedEnvironment();
    const lines = md.split('\n');
    assert.equal(lines[0], `## 노트 검증: ${summaryLine(hostile.blocks, 1)}`);
    assert.ok(lines.includes('- 실행 환경: Docker 28.1.1 · Kubernetes v1.35.1 (kubectl v1.35.2) · kind v0.34.0 · Ubuntu 24.04'));
    assert.ok(lines.includes(`- 고정 환경: Kubernetes ${pinned.kubernetes} · kind ${pinned.kind} (scripts/pinned-environment.json)`));
  });

  it('a table per note: block id with file:line, verdict, message; | and HTML escaped; skipped blocks left out', () => {
    assert.match(md, /### content\/notes\/n\.mdx\n\n\| 블록 \| 판정 \| 메시지 \|\n\| --- \| --- \| --- \|\n/);
    assert.match(md, /^\| <code>ok<\/code> content\/notes\/n\.mdx:1 \| ✓ passed \|  \|$/m);
    assert.match(md, /^\| <code>drifted<\/code> content\/notes\/n\.mdx:5 \| ✗ drift \| a \\\| b &lt;script&gt; \|$/m);
    assert.match(md, /^\| \(세션\) content\/notes\/n\.mdx \| ✗ session \| left behind in Docker \(now removed\): container x \|$/m);
    assert.doesNotMatch(md, /later/);
  });

  it('folds a diff in <details>, in a fence its own backticks cannot close', () => {
    assert.match(md, /<details><summary>drifted · content\/notes\/n\.mdx:5 · 기록과의 차이<\/summary>\n\n````diff\n-a\n\+```\n\+<b>\n````\n\n<\/details>/);
  });

  it('leaves the environment line out when there is none', () => {
    assert.doesNotMatch(markdownReport([result]), /실행 환경/);
  });
});

describe('summary and exit codes', () => {
  it('counts every block once, under what happened to it', async () => {
    const { summaryLine } = await import('../../../scripts/lib/report/reporter.ts');
    const of = (status: NoteResult['blocks'][number]['status']) => ({ block: ok!, status });
    const line = summaryLine([of('failed'), ...Array.from({ length: 19 }, () => of('not-run')), of('skipped'), of('prerequisite')], 0);
    assert.equal(line, '0 passed, 1 failed (failed 1), 19 not run, 1 skipped, 1 ran as prerequisites');
    assert.equal(summaryLine([of('passed'), of('drift'), of('stale')], 1), '1 passed, 3 failed (drift 1, stale 1, session 1)');
  });

  it('names exit codes that are signals from the OS table', async () => {
    const { describeExitCode } = await import('../../../scripts/lib/core/exit-code.ts');
    assert.equal(describeExitCode(137), '137 (SIGKILL)');
    assert.equal(describeExitCode(143), '143 (SIGTERM)');
    assert.equal(describeExitCode(129), '129 (SIGHUP)');
    assert.equal(describeExitCode(3), '3');
  });
});

describe('notes --changed left out, and where --jobs ran a note, in every reporter', () => {
  const skippedNote: NoteResult = { note: 'c', source: 'content/notes/c.mdx', skipped: 'current', blocks: [{ block: { ...ok!, source: 'content/notes/c.mdx' }, status: 'skipped', message: 'skipped (current): its recordings are current' }], problems: [] };
  const placed: NoteResult = { ...result, problems: [], placement: { mode: 'sequential', reason: 'needs kind: its leftover check compares the whole cluster', reasonKo: 'kind가 필요함' } };

  it('text: a line per skipped note, and the summary counts notes, not their blocks', async () => {
    const { textReporter } = await import('../../../scripts/lib/report/reporter.ts');
    let written = '';
    const stream = { isTTY: false, write: (text: string) => ((written += text), true) } as unknown as NodeJS.WriteStream;
    const summary = textReporter(stream).finish([placed, skippedNote]);
    assert.match(written, /^· content\/notes\/c\.mdx skipped \(current\)$/m);
    assert.equal(summary, '1 passed, 1 failed (drift 1), 1 note skipped (current)\n');
  });

  it('JSON, JUnit, Markdown and GitHub annotations say it too', () => {
    const json = JSON.parse(jsonReport([placed, skippedNote]));
    assert.equal(json.notes[1].skipped, 'current');
    assert.deepEqual(json.notes[0].placement, placed.placement);
    const xml = junitReport([placed, skippedNote]);
    assert.match(xml, /<property name="skipped" value="current"\/>/);
    assert.match(xml, /<property name="placement" value="sequential: needs kind: its leftover check compares the whole cluster"\/>/);
    assert.match(xml, /<testcase name="ok" classname="c"[^>]*><skipped message="skipped \(current\): its recordings are current"\/>/);
    const md = markdownReport([placed, skippedNote]);
    assert.match(md, /^## 노트 검증: 1 passed, 1 failed \(drift 1\), 1 note skipped \(current\)$/m);
    assert.match(md, /^- 건너뜀\(기록이 최신, `--changed`\): c$/m);
    assert.match(md, /### content\/notes\/n\.mdx\n\n순차: kind가 필요함\n\n\| 블록 \|/);
    assert.doesNotMatch(md, /### content\/notes\/c\.mdx/);
    assert.match(githubAnnotations([skippedNote]), /^::notice file=content\/notes\/c\.mdx,title=c skipped \(current\)::skipped \(current\): its recordings are current$/);
  });
});
