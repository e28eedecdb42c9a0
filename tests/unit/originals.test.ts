import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import { noteContentProblems } from '../../src/lib/note-content-problems.ts';
import { keptLineProblems, lostLines, noteText, originalLines } from '../../src/lib/originals/kept-lines.ts';
import { ORIGINAL_FORMS, originalForm } from '../../src/lib/originals/original-file.ts';
import { noteSchema } from '../../src/schemas/note.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name: string) => readFileSync(join(REPO, 'tests/fixtures/originals', name), 'utf8');
const ORIGINAL = fixture('chapter-03.md');
const NOTE = fixture('chapter-03.mdx');

/** The 1-based line of the original that reads `text`. */
function lineOf(text: string, line: string): number {
  const index = text.split('\n').indexOf(line);
  assert.ok(index >= 0, `the fixture still has the line "${line}"`);
  return index + 1;
}

/** The note with `from` replaced by `to` (once; the test fails if the note no longer has `from`). */
function edited(note: string, from: string, to: string): string {
  assert.ok(note.includes(from), `the fixture note still has "${from}"`);
  return note.replace(from, to);
}

const lost = (note: string, original = ORIGINAL) => lostLines(original, 'markdown', noteText(parseMdx(note, 'note.mdx')));

describe('kept lines: a Markdown original', () => {
  it('a note that keeps every line in other markup (a quote as <Note>, `bash> ` as `$ `, bold moved, a link dropped to its text, <Question page>) passes', () => {
    assert.deepEqual(lost(NOTE), []);
  });

  it('compares words only: markup and spaces on either side never decide', () => {
    const lines = originalLines('# **파드**는 `docker`를\n> 인용 [링크 글](https://x.example/a_b "t")\n```sh\nbash> kubectl get po\n```\n1. 첫째\n- [ ] 할 일', 'markdown');
    assert.deepEqual(lines, ['파드는docker를', '인용링크글', '', 'kubectlgetpo', '', '첫째', '할일']);
    assert.deepEqual(originalLines('bash> kubectl get po\n2) 둘째 [a](b)', 'text'), ['kubectlgetpo', '둘째ab']);
  });

  it('names a lost line at its line of the original, with the line and an honest hint', () => {
    const note = edited(NOTE, '노드가 죽으면 파드도 사라진다\n', '');
    const line = lineOf(ORIGINAL, '> 노드가 죽으면 파드도 사라진다');
    const problems = keptLineProblems({ originalSource: 'content/originals/chapter-03.md', originalText: ORIGINAL, form: 'markdown', noteSource: 'content/notes/chapter-03.mdx', tree: parseMdx(note, 'content/notes/chapter-03.mdx') });
    assert.deepEqual(problems.map((p) => p.message), [`content/originals/chapter-03.md:${line}: this line of the original is not in content/notes/chapter-03.mdx`]);
    assert.match(problems[0]?.hint ?? '', /"> 노드가 죽으면 파드도 사라진다"/);
    assert.match(problems[0]?.hint ?? '', /keep it and correct it beside it with <Note>, <Answer> or <BookChange>/);
    assert.doesNotMatch(problems[0]?.hint ?? '', /delete|remove/i);
  });

  it('a changed word is a lost line; a line inside a fence keeps every word (a pasted output line too)', () => {
    assert.deepEqual(lost(edited(NOTE, '그룹이다', '묶음이다')), [lineOf(ORIGINAL, '**파드**는 _함께 배치된_ 컨테이너 그룹이다. 자세한 건 [공식 문서](https://kubernetes.io/docs/concepts/workloads/pods/ "Pods")를 참고.')]);
    assert.deepEqual(lost(edited(NOTE, 'pod/kubia-manual created\n', '')), [lineOf(ORIGINAL, 'pod/kubia-manual created')]);
  });

  it('what the page does not show does not keep a line: an MDX comment, a hidden block, an attribute, the front matter', () => {
    const original = '숨은 줄\n두 번째 줄\n세 번째 줄\n네 번째 줄';
    const note = '---\ntitle: 네 번째 줄\n---\n\n{/* 숨은 줄 */}\n\n```sh run id=x hidden\necho 두 번째 줄\n```\n\n<Question page="세 번째 줄">다른 글</Question>\n';
    assert.deepEqual(lostLines(original, 'markdown', noteText(parseMdx(note, 'n.mdx'))), [1, 2, 3, 4]);
  });

  it('a plain-text original keeps Markdown-looking characters as words only: `[a](b)` needs b too', () => {
    assert.deepEqual(lostLines('[a](bee)', 'text', 'a'), [1]);
    assert.deepEqual(lostLines('[a](bee)', 'markdown', 'a'), []);
  });

  it('the page test compares the same way: rendered page text is accepted as it is', () => {
    assert.deepEqual(lostLines(ORIGINAL, 'markdown', '3장 파드: 쿠버네티스에서 컨테이너 실행'), lostLines(ORIGINAL, 'markdown', '3장파드쿠버네티스에서컨테이너실행'));
  });
});

describe('originals in any text form', () => {
  it('the schema takes .txt, .md and .markdown, and nothing outside content/originals or of another kind', () => {
    const base = { title: 't', week: 1, chapter: 1, chapterTitle: 'c', summary: 's' };
    for (const name of ['week-02.txt', 'chapter-03.md', 'chapter-04.markdown']) assert.equal(noteSchema.safeParse({ ...base, original: name }).success, true, name);
    for (const name of ['notes.pdf', '../x.md', 'sub/x.txt']) assert.equal(noteSchema.safeParse({ ...base, original: name }).success, false, name);
    assert.equal(originalForm('a.MD'), 'markdown');
    assert.equal(originalForm('week-02.txt'), 'text');
  });

  it('the original page bundles every ending the schema allows (its glob is a literal)', () => {
    const page = readFileSync(join(REPO, 'src/pages/notes/[id]/original.astro'), 'utf8');
    const endings = /\/content\/originals\/\*\.\{([^}]+)\}/.exec(page)?.[1]?.split(',');
    assert.deepEqual(endings?.sort(), Object.keys(ORIGINAL_FORMS).sort());
  });
});

describe('note content problems (the build and --static)', () => {
  const roots: string[] = [];
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  /** A project with these files (paths from its root). */
  function project(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'kn-originals-'));
    roots.push(root);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, dirname(path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    mkdirSync(join(root, 'content/outputs'), { recursive: true });
    return root;
  }

  it('week-02 passes as it is (its plain-text original, its links)', async () => {
    assert.deepEqual((await noteContentProblems(REPO, ['week-02'])).map((p) => p.describe()), []);
  });

  it('the Markdown fixture passes in a project; a missing original is an error at the note\'s original: line', async () => {
    const ok = project({ 'content/notes/chapter-03.mdx': NOTE, 'content/originals/chapter-03.md': ORIGINAL });
    assert.deepEqual((await noteContentProblems(ok)).map((p) => p.describe()), []);
    const missing = project({ 'content/notes/chapter-03.mdx': NOTE });
    const [problem, ...rest] = await noteContentProblems(missing);
    assert.equal(rest.length, 0);
    assert.equal(problem?.message, `content/notes/chapter-03.mdx:${lineOf(NOTE, 'original: chapter-03.md')}: original: content/originals/chapter-03.md does not exist`);
  });

  it('a missing image and broken links are errors at their lines of the note, with hints; working ones are not', async () => {
    const note = [
      '---', 'title: t', '---', '', '# 첫 제목', '', '```sh run id=hello', 'echo hi', '```', '',
      '![그림](./missing.png)', // 11
      '![있는 그림](./here.png) ![웹 그림](https://example.com/x.png) ![public](/favicon.svg)', // 12
      '[9주차](/notes/week-09/)', // 13
      '[다른 노트](/notes/other/) [원본](./original/) [위로](#첫-제목) [블록](#block-hello) [바깥](https://example.com/)', // 14
      '[없는 앵커](#없는-제목)', // 15
      '[마크다운식 링크](./other.mdx)', // 16
      '[다른 노트의 앵커](/notes/other/#없음)', // 17
    ].join('\n');
    const root = project({
      'content/notes/week-05.mdx': note.replace('title: t', 'title: t\noriginal: week-05.txt'),
      'content/originals/week-05.txt': '첫 제목\n',
      'content/notes/here.png': 'png',
      'content/notes/other.mdx': '---\ntitle: o\n---\n\n## 있음\n',
      'public/favicon.svg': '<svg/>',
    });
    const problems = await noteContentProblems(root, ['week-05']);
    const source = 'content/notes/week-05.mdx';
    // The front matter gained a line: every line of the body moved down by one.
    assert.deepEqual(problems.map((p) => p.message), [
      `${source}:12: image "./missing.png" is not there: content/notes/missing.png does not exist`,
      `${source}:14: link "/notes/week-09/" goes to /notes/week-09/, which is no page of the site`,
      `${source}:16: link "#없는-제목": /notes/week-05/ has no #없는-제목`,
      `${source}:17: link "./other.mdx" goes to /notes/week-05/other.mdx, which is no page of the site`,
      `${source}:18: link "/notes/other/#없음": /notes/other/ has no #없음`,
    ]);
    assert.match(problems[0]?.hint ?? '', /put the image at content\/notes\/missing\.png/);
    assert.match(problems[3]?.hint ?? '', /link the page: \[other\]\(\/notes\/other\/\)/);
    assert.match(problems[2]?.hint ?? '', /#첫-제목, #block-hello|#block-hello, #첫-제목/);
  });

  it('verify-notes --static fails on a lost line, at the original\'s file:line, with exit code 2', () => {
    const root = project({ 'content/notes/chapter-03.mdx': edited(NOTE, 'YAML 매니페스트로 만든다:\n', ''), 'content/originals/chapter-03.md': ORIGINAL });
    const cli = join(REPO, 'scripts/verify-notes.mjs');
    const run = spawnSync(process.execPath, [cli, '--root', root, '--static'], { encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`content/originals/chapter-03\\.md:${lineOf(ORIGINAL, 'YAML 매니페스트로 만든다:')}: this line of the original is not in content/notes/chapter-03\\.mdx\\n  hint: it reads "YAML 매니페스트로 만든다:"`));
  });
});
