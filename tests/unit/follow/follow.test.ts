// npm run follow's own parts (scripts/lib/follow/): where a block stands in its note, the
// runner's verdict in a reader's words, the keys of the prompt, the summary. The session and
// the verdicts themselves are the runner's (session.ts, verdict.ts) and tested there; the
// whole loop in a real terminal is tests/integration/follow.test.ts.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Block } from '../../../src/lib/blocks/block.ts';
import { inputsByBlock } from '../../../src/lib/blocks/chain.ts';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBlock, type BlockRun } from '../../../scripts/lib/run/block-run.ts';
import { recordingOf } from '../../../scripts/lib/judge/record.ts';
import { blocksOf } from '../../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../../src/lib/blocks/parse-note.ts';
import { judge } from '../../../scripts/lib/judge/verdict.ts';
import { blockContext } from '../../../scripts/lib/follow/block-context.ts';
import { readAnswer } from '../../../scripts/lib/follow/keys.ts';
import { parseFollowOptions } from '../../../scripts/lib/follow/options.ts';
import { readerVerdict } from '../../../scripts/lib/follow/reader-verdict.ts';
import { blockHeader, blockOutcome, markedOutput } from '../../../scripts/lib/follow/screen.ts';
import { followSummary } from '../../../scripts/lib/follow/summary.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';

describe('blockContext: the headings and the student line above a block', () => {
  const note = ['---', 'title: "# not a heading"', '---', '', '# 2주차!', '## 컨테이너', '### docker run', '', 'busybox를 이용하여 실행함\\', '', '<Note>', '', '```sh run id=a', '# a comment, not a heading', '```', '', '## 쿠버네티스', '', '```sh run id=b', 'kubectl get po', '```', '', '```sh run id=c', 'echo', '```'];
  const lineOf = (id: string) => note.findIndex((line) => line.endsWith(`id=${id}`)) + 1;

  it('gives the heading trail and the last prose line, not a component tag', () => {
    assert.deepEqual(blockContext(note, lineOf('a')), { headings: ['2주차!', '컨테이너', 'docker run'], lineBefore: 'busybox를 이용하여 실행함' });
  });

  it('a shallower heading drops the deeper ones; a comment in a fence is no heading', () => {
    assert.deepEqual(blockContext(note, lineOf('b')), { headings: ['2주차!', '쿠버네티스'] });
  });

  it('prose before an earlier block is that block\'s', () => {
    assert.equal(blockContext(note, lineOf('c')).lineBefore, undefined);
  });
});

describe('readerVerdict: the runner\'s verdict in a reader\'s words', () => {
  const [block] = noteBlocks(fence('run id=ps needs=docker', 'docker ps -a --format "{{.ID}} {{.Status}}"'));
  const inputs = inputsByBlock([block!]).get('ps') ?? [];
  const transcriptThen = '3f2a1b9c8d7e Exited (0) 5 seconds ago\n';
  const recorded = { kind: 'run' as const, hash: block!.hash, inputs, line: 5, exitCode: 0, transcript: transcriptThen, normalized: normalizeTranscript(transcriptThen, []).text, masks: [], durationMs: 1, attempts: 1, runs: 2, recordedAt: '2026-12-01T00:00:00Z', environment: { os: 'x', runner: 'y', docker: { client: '26.1.5', server: '26.1.5' } } };
  const run = (transcript: string, exitCode = 0): BlockRun => {
    const { text, masks } = normalizeTranscript(transcript, []);
    return { exitCode, timedOut: false, asExpected: exitCode === 0, transcript, normalized: text, masks, durationMs: 1, attempts: 1 };
  };
  const verdictOf = (transcript: string, exitCode = 0) => readerVerdict(judge(block!, run(transcript, exitCode), recorded, inputs, 'verify'), recorded);

  it('같음 when the reader printed what was recorded', () => {
    assert.deepEqual(verdictOf(transcriptThen), { kind: 'same', label: '같음', details: [] });
  });

  it('바뀌는 값만 다름, naming each value that changed with what the page calls it', () => {
    const verdict = verdictOf('9b1c2d3e4f5a Exited (0) 12 seconds ago\n');
    assert.equal(verdict.label, '바뀌는 값만 다름');
    assert.ok(verdict.details.some((d) => d.includes('"3f2a1b9c8d7e" → "9b1c2d3e4f5a"')), verdict.details.join('\n'));
    assert.ok(verdict.details.some((d) => d.includes('"5 seconds ago" → "12 seconds ago"') || d.includes('"5" → "12"')), verdict.details.join('\n'));
  });

  it('출력이 다름 with the diff, for drift', () => {
    const verdict = verdictOf('9b1c2d3e4f5a Created\n');
    assert.equal(verdict.label, '출력이 다름');
    assert.match(verdict.diff ?? '', /\+⟨id-1⟩ Created/);
  });

  it('명령이 깨짐 with what the runner says, for rot', () => {
    const verdict = verdictOf('unknown flag: --format\n', 125);
    assert.equal(verdict.label, '명령이 깨짐');
    assert.match(verdict.details.join('\n'), /exited with 125.*unknown flag: --format/);
  });

  it('a block Ctrl-C killed is 중단됨, no difference to look into', () => {
    const result = { ...judge(block!, run('', 130), recorded, inputs, 'verify'), status: 'failed' as const, message: 'interrupted (process group killed)' };
    assert.equal(readerVerdict(result, recorded).label, '중단됨 (Ctrl-C)');
  });

  it('the screen shows both outputs, underlines volatile values only on a terminal, and the verdict', () => {
    const now = '9b1c2d3e4f5a Exited (0) 12 seconds ago\n';
    const verdict = verdictOf(now);
    const plain = blockOutcome(block!, verdict, run(now), recorded, { color: false });
    assert.match(plain, /── 내 출력\n   │ 9b1c2d3e4f5a Exited \(0\) 12 seconds ago\n/);
    assert.match(plain, /── 기록된 출력 \(2026-12-01, Docker 26\.1\.5\)\n   │ 3f2a1b9c8d7e Exited/);
    assert.match(plain, /실행할 때마다 바뀌는 값: /);
    assert.match(plain, /≈ 바뀌는 값만 다름/);
    assert.doesNotMatch(plain, /\x1b\[/);
    assert.match(markedOutput(now, block!, { color: true }), /\x1b\[4;36m9b1c2d3e4f5a\x1b\[0m/);
  });
});

describe('a transcript block in follow: the block model the runner uses, command by command', () => {
  // A note with a front-matter alias and a transcript block without id= or needs=: its id is
  // inferred, the alias is defined by the session, the pasted lines never run.
  const source = 'content/notes/t.mdx';
  const note = (second: string) => `---\ntitle: t\naliases: { say: echo }\n---\n\n${fence('run', `$ say one\none\n$ ${second}\npasted by the author\n$ say three`)}\n`;
  const [block] = blocksOf(parseMdx(note('echo "id $KN_ID"'), source), source);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kn-follow-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const inputsOf = (b: Block) => inputsByBlock([b]).get(b.key) ?? [];
  const ran = (b = block!, id = '3f2a1b9c8d7e') => runBlock(b, { cwd: dir, env: { ...process.env, KN_ID: id }, scriptDir: dir, prelude: 'say() { echo "$@"; }\n' });

  it('the header shows each command at its prompt and never the pasted lines; the id is the inferred one', () => {
    assert.equal(block!.key, 'echo-one', 'named by its first command, through the alias');
    const header = blockHeader(block!, { headings: [] }, { color: false });
    assert.match(header, /t\.mdx:6 · echo-one\n {3}\$ say one\n {3}\$ echo "id \$KN_ID"\n {3}\$ say three\n$/);
    assert.doesNotMatch(header, /pasted by the author|^ {3}one$/m);
  });

  it('after the run: each command with the reader\'s output and the recorded one, a mark per command, then the verdict', async () => {
    const recorded = recordingOf(block!, inputsOf(block!), await ran(block!, '3f2a1b9c8d7e'), { os: 'x', runner: 'y' }, 1);
    const now = await ran(block!, '9b1c2d3e4f5a');
    const result = judge(block!, now, recorded, inputsOf(block!), 'verify');
    const verdict = readerVerdict(result, recorded);
    assert.equal(verdict.label, '바뀌는 값만 다름', result.message);
    assert.equal(verdict.details.length, 1, verdict.details.join('\n'));
    assert.match(verdict.details[0]!, /"3f2a1b9c8d7e" → "9b1c2d3e4f5a"/);
    const screen = blockOutcome(block!, verdict, now, recorded, { color: false });
    assert.match(screen, /\$ say one {3}\[같음\]\n {3}── 내 출력\n {3}│ one\n {3}── 기록된 출력\n {3}│ one\n/);
    assert.match(screen, /\$ echo "id \$KN_ID" {3}\[바뀌는 값만 다름\]\n {3}── 내 출력\n {3}│ id 9b1c2d3e4f5a\n {3}\(실행할 때마다 바뀌는 값: [^\n]+\n {3}── 기록된 출력\n {3}│ id 3f2a1b9c8d7e\n/);
    assert.match(screen, /\$ say three {3}\[같음\]/);
    assert.match(screen, /≈ 바뀌는 값만 다름\n/);
    assert.doesNotMatch(screen, /pasted by the author/, 'the recorded output is the comparison, not the pasted one');
  });

  it('a command whose output changed is marked on its own, with the runner\'s diff naming it; with no recording, the pasted lines stand in', async () => {
    const [changed] = blocksOf(parseMdx(note('echo something else'), source), source);
    const [original] = blocksOf(parseMdx(note('echo two'), source), source);
    const recorded = recordingOf(changed!, inputsOf(changed!), await ran(original), { os: 'x', runner: 'y' }, 1);
    const now = await ran(changed);
    const verdict = readerVerdict(judge(changed!, now, recorded, inputsOf(changed!), 'verify'), recorded);
    assert.equal(verdict.label, '출력이 다름');
    const screen = blockOutcome(changed!, verdict, now, recorded, { color: false });
    assert.match(screen, /\$ echo something else {3}\[출력이 다름\]\n {3}── 내 출력\n {3}│ something else\n {3}── 기록된 출력\n {3}│ two\n/);
    assert.match(verdict.diff ?? '', /-\$ echo two\n-two\n\+\$ echo something else\n\+something else\n \$ say three/);
    const unrecorded = blockOutcome(changed!, readerVerdict(judge(changed!, now, undefined, inputsOf(changed!), 'verify'), undefined), now, undefined, { color: false });
    assert.match(unrecorded, /\$ echo something else\n {3}── 내 출력\n {3}│ something else\n {3}── 노트에 붙여 둔 출력 \(기록 없음\)\n {3}│ pasted by the author\n/);
  });
});

describe('readAnswer: one key, the terminal left as it was', () => {
  const answer = async (keys: string) => {
    const input = new PassThrough() as unknown as NodeJS.ReadStream;
    let interrupted = false;
    const pending = readAnswer(input, () => (interrupted = true));
    (input as unknown as PassThrough).write(keys);
    return { answer: await pending, interrupted };
  };
  it('Enter runs, s skips, q quits, other keys are ignored', async () => {
    assert.deepEqual(await answer('\r'), { answer: 'run', interrupted: false });
    assert.deepEqual(await answer('xs'), { answer: 'skip', interrupted: false });
    assert.deepEqual(await answer('Q'), { answer: 'quit', interrupted: false });
  });
  it('Ctrl-C at the prompt interrupts the run, as the signal would', async () => {
    assert.deepEqual(await answer('\x03'), { answer: 'quit', interrupted: true });
  });
  it('the end of input quits', async () => {
    const input = new PassThrough();
    const pending = readAnswer(input as unknown as NodeJS.ReadStream, () => {});
    input.end();
    assert.equal(await pending, 'quit');
  });
});

describe('follow options and summary', () => {
  it('takes one note, by name or by path', () => {
    assert.equal(parseFollowOptions(['content/notes/week-02.mdx']).note, 'week-02');
    assert.equal(parseFollowOptions(['week-02', '--yes']).yes, true);
    assert.throws(() => parseFollowOptions([]), /which note\?/);
    assert.throws(() => parseFollowOptions(['a', 'b']), /one note at a time/);
  });

  it('counts the verdicts, lists what differed and sets the versions side by side', () => {
    const [block] = noteBlocks(fence('run id=a needs=docker', 'docker ps'));
    const recording = { note: 't', source: 'content/notes/t.mdx', blocks: { a: { kind: 'run' as const, hash: 'h', inputs: [], line: 5, exitCode: 0, transcript: '', normalized: '', masks: [], durationMs: 1, attempts: 1, recordedAt: '2026-12-01T00:00:00Z', environment: { os: 'x', runner: 'y', docker: { client: '26.1.5', server: '26.1.5' } } } } };
    const text = followSummary('t', [{ block: block!, verdict: { kind: 'differs', label: '출력이 다름', details: [] } }], recording, { os: 'x', runner: 'y', docker: { client: '27.0.1', server: '27.0.1' } }, []);
    assert.match(text, /출력이 다름 1/);
    assert.match(text, /출력이 다름: content\/notes\/t\.mdx:\d+ a/);
    assert.match(text, /Docker\s+27\.0\.1\s+26\.1\.5 {2}← 다름/);
    assert.match(text, /먼저 버전 차이를 의심/);
  });
});
