// What `new-note` writes builds as a page of the site, before anyone touches it: the student's
// plain-text week 2 (the seed) and the Markdown fixtures brought into a copy of the site and built
// with Astro (no recording yet: the page says so). The pages keep the author's words and show what
// new-note added.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { newNote } from '../../scripts/lib/new-note/new-note.ts';
import { siteCopy } from '../support/site-copy.ts';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/new-note/${path}`, import.meta.url));

describe('astro build of notes new-note wrote', { timeout: 240_000 }, () => {
  let copy: Awaited<ReturnType<typeof siteCopy>>;
  let build: { code: number | null; output: string };
  before(async () => {
    copy = await siteCopy();
    for (const [input, week, files] of [['chapter-03.md', 93, 'files'], ['chapter-04.md', 94, 'chapter-04-files'], ['chapter-05.md', 95, 'chapter-05-files']] as const) {
      const made = await newNote({ root: copy.root, input: fixture(input), week, filesDir: fixture(files) });
      assert.deepEqual(made.problems.map((p) => p.message), [], `${input}: the --static checks pass`);
    }
    // The seed under another name: the site copy holds week 2's own original already.
    const seedDir = await mkdtemp(join(tmpdir(), 'kubia-notes-seed-'));
    try {
      const seed = join(seedDir, 'seed-week-02.txt');
      await copyFile(fileURLToPath(new URL('../../content/originals/week-02.txt', import.meta.url)), seed);
      const made = await newNote({ root: copy.root, input: seed, week: 92 });
      assert.deepEqual(made.problems.map((p) => p.message), [], 'the seed: the --static checks pass');
    } finally {
      await rm(seedDir, { recursive: true, force: true });
    }
    build = await copy.build();
  });
  after(() => copy?.dispose());

  it('builds, and each page keeps the author\'s lines and shows what new-note proposed', async () => {
    assert.equal(build.code, 0, build.output);
    const page = (week: number) => readFile(join(copy.root, `dist/notes/week-${week}/index.html`), 'utf8');
    const third = await page(93);
    assert.match(third, /kubia-manual/);
    const fourth = await page(94);
    assert.match(fourth, /RC만 지우고 파드는 남기려면\?/, 'the question is on the page');
    assert.match(fourth, /k logs kubia-k0xz6/, 'the author\'s command with the copied name stays on the page');
    const seed = await page(92);
    assert.match(seed, /busybox를 이용하여 hello world 컨테이너 실행함/, 'the student\'s line is on the page');
    assert.match(seed, /docker run busybox echo/, 'the student\'s command is on the page');
    const fifth = await page(95);
    assert.match(fifth, /--generator/, 'the book\'s form of a changed command stays on the page');
  });
});
