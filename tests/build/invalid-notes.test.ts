// `astro build` stops on a bad note with the runner's own file:line and hint, before Astro
// compiles any content: a copy of the site with a fault planted in week-02, built, then
// listed by the runner in the same copy. Each build stops in config setup (~1-2 s).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { siteCopy } from '../support/site-copy.ts';

type Copy = Awaited<ReturnType<typeof siteCopy>>;

const NOTE = 'content/notes/week-02.mdx';

/** The problem report in a command's output: from the first `✗ ` line, its locations and hints. */
function problemLines(output: string): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith('✗ '));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && !/^(✗ )?content\/(notes|originals)\/|^ {2}hint: /.test(line));
  return lines.slice(start, end < 0 ? undefined : end);
}

/** `verify-notes --list` (or `--static`) run in the copy, as an author would run it there. */
function runnerList(root: string, mode = '--list'): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/verify-notes.mjs', mode], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GITHUB_ACTIONS: '' } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/** The 1-based line of the first line of `text` that `test` accepts. */
function lineWhere(text: string, test: (line: string) => boolean): number {
  const index = text.split('\n').findIndex(test);
  assert.ok(index >= 0, 'the note still has the line the test plants its fault in');
  return index + 1;
}

/** Plants a fault: in the first line each pattern matches, replaces the match; returns those lines. */
function plant(note: string, rewrites: ReadonlyArray<[RegExp, string]>): { text: string; lines: number[] } {
  const text = note.split('\n');
  const lines: number[] = [];
  for (const [pattern, replacement] of rewrites) {
    const line = lineWhere(text.join('\n'), (candidate) => pattern.test(candidate));
    text[line - 1] = (text[line - 1] ?? '').replace(pattern, replacement);
    lines.push(line);
  }
  return { text: text.join('\n'), lines };
}

interface Outcome {
  lines: number[];
  build: { code: number | null; output: string; ms: number };
  runner: { code: number | null; stderr: string };
}

/** A copy of the site with `rewrites` applied to week-02, built and listed (or checked with `--static`) by the runner. */
function withFault(rewrites: ReadonlyArray<[RegExp, string]>, runnerMode = '--list'): () => Outcome {
  let copy: Copy;
  let outcome: Outcome;
  before(async () => {
    copy = await siteCopy();
    const { text, lines } = plant(await copy.read(NOTE), rewrites);
    await copy.write(NOTE, text);
    const started = performance.now();
    const build = await copy.build();
    outcome = { lines, build: { ...build, ms: performance.now() - started }, runner: await runnerList(copy.root, runnerMode) };
  });
  after(() => copy?.dispose());
  return () => outcome;
}

describe('astro build on a note with an unknown meta key', { timeout: 120_000 }, () => {
  const outcome = withFault([[/^```sh run id=docker-images needs=docker/, '```sh run id=docker-images neds=docker']]);

  it('fails before compiling content, with file:line and the hint', () => {
    const { build, lines } = outcome();
    assert.notEqual(build.code, 0, build.output);
    const report = problemLines(build.output);
    assert.equal(report[0], `✗ ${NOTE}:${lines[0]}: unknown key "neds" in block meta`, build.output);
    assert.match(report[1] ?? '', /^ {2}hint: did you mean `needs`\?/);
    assert.doesNotMatch(build.output, /Building static entrypoints/, 'stopped before Astro compiled the notes');
  });

  it('prints exactly what the runner prints', () => {
    const { build, runner } = outcome();
    assert.equal(runner.code, 2, runner.stderr);
    assert.deepEqual(problemLines(build.output), problemLines(runner.stderr));
  });
});

describe('astro build on a note with broken MDX', { timeout: 120_000 }, () => {
  // `<Answer` without its `>`: micromark only notices lines later, inside the prose.
  const outcome = withFault([[/^<Answer>$/, '<Answer']]);

  it('fails at the line of the broken tag, with the hint', () => {
    const { build, lines } = outcome();
    assert.notEqual(build.code, 0, build.output);
    const report = problemLines(build.output);
    assert.match(report[0] ?? '', new RegExp(`^✗ ${NOTE}:${lines[0]}: the note is not valid MDX: the tag or expression that starts on this line is not closed`), build.output);
    assert.match(report[1] ?? '', /^ {2}hint: finish the tag with `>`/);
  });

  it('prints exactly what the runner prints', () => {
    const { build, runner } = outcome();
    assert.equal(runner.code, 2, runner.stderr);
    assert.deepEqual(problemLines(build.output), problemLines(runner.stderr));
  });
});

describe('astro build on a note with two bad fences', { timeout: 120_000 }, () => {
  const outcome = withFault([
    [/^```sh run id=docker-images needs=docker/, '```sh run id=docker-images neds=docker'],
    [/^```sh run id=get-nodes needs=kind/, '```sh run id=get-nodes needs=kind normalize=kubectl-ages'],
  ]);

  it('reports both, each with file:line and its hint', () => {
    const { build, lines } = outcome();
    assert.notEqual(build.code, 0, build.output);
    const report = problemLines(build.output);
    assert.equal(report.length, 4, build.output);
    assert.equal(report[0], `✗ ${NOTE}:${lines[0]}: unknown key "neds" in block meta`);
    assert.match(report[1] ?? '', /^ {2}hint: did you mean `needs`\?/);
    assert.equal(report[2], `${NOTE}:${lines[1]}: unknown normaliser "kubectl-ages" in normalize=`);
    assert.match(report[3] ?? '', /^ {2}hint: did you mean `kubectl-age`\? valid names: /);
  });

  it('prints exactly what the runner prints', () => {
    const { build, runner } = outcome();
    assert.equal(runner.code, 2, runner.stderr);
    assert.deepEqual(problemLines(build.output), problemLines(runner.stderr));
  });

  it('stops early enough to keep the check cheap', () => {
    assert.ok(outcome().build.ms < 30_000, `the build took ${Math.round(outcome().build.ms)} ms`);
  });
});

describe('astro build on a note whose <BookChange> names a block that does not exist', { timeout: 120_000 }, () => {
  const outcome = withFault([[/proof="apply-rc"/, 'proof="aply-rc"']]);

  it('fails before compiling content, at the tag\'s line, with the closest id as the hint', () => {
    const { build, lines } = outcome();
    assert.notEqual(build.code, 0, build.output);
    const report = problemLines(build.output);
    assert.equal(report[0], `✗ ${NOTE}:${lines[0]}: <BookChange proof="aply-rc">: this note has no run block with id "aply-rc"`, build.output);
    assert.match(report[1] ?? '', /^ {2}hint: did you mean `apply-rc`\? run blocks of this note: /);
    assert.doesNotMatch(build.output, /Building static entrypoints/, 'stopped before Astro compiled the notes');
  });

  it('prints exactly what the runner prints', () => {
    const { build, runner } = outcome();
    assert.equal(runner.code, 2, runner.stderr);
    assert.deepEqual(problemLines(build.output), problemLines(runner.stderr));
  });
});

describe('astro build on a note that lost a line of its original and shows an image that is not there', { timeout: 120_000 }, () => {
  const LOST = 'from줄에는 컨터이너 이미지를 정의';
  const outcome = withFault(
    [
      [new RegExp(`^${LOST}$`), ''],
      [/^busybox를 이용하여 hello world 컨테이너 실행함$/, 'busybox를 이용하여 hello world 컨테이너 실행함 ![hello world](./hello.png)'],
    ],
    '--static',
  );

  it('fails before compiling content, at the line of the original and at the image\'s line of the note', () => {
    const { build, lines } = outcome();
    assert.notEqual(build.code, 0, build.output);
    const original = readFileSync('content/originals/week-02.txt', 'utf8').split('\n').indexOf(LOST) + 1;
    assert.ok(original > 0, 'the original still has the line the test removes from the note');
    const report = problemLines(build.output);
    assert.equal(report[0], `✗ content/originals/week-02.txt:${original}: this line of the original is not in ${NOTE}`, build.output);
    assert.match(report[1] ?? '', new RegExp(`^ {2}hint: it reads "${LOST}"\\. Put it back in the note`));
    assert.equal(report[2], `${NOTE}:${lines[1]}: image "./hello.png" is not there: content/notes/hello.png does not exist`);
    assert.match(report[3] ?? '', /^ {2}hint: put the image at content\/notes\/hello\.png/);
    assert.doesNotMatch(build.output, /Building static entrypoints/, 'stopped before Astro compiled the notes');
  });

  it('prints exactly what `verify-notes --static` prints', () => {
    const { build, runner } = outcome();
    assert.equal(runner.code, 2, runner.stderr);
    assert.deepEqual(problemLines(build.output), problemLines(runner.stderr));
  });
});
