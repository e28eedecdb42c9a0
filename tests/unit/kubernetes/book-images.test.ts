import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { buildContextOf, buildContextsOf, inputsKey, loadBookImages, parseBookImages, referenceOf } from '../../../scripts/lib/kubernetes/book-images.ts';
import { UserError } from '../../../scripts/lib/core/user-error.ts';

/** tests/fixtures/notes/week-04.mdx holds chapter 4's three images, each in a folder of its own. */
const FIXTURE_NOTES = fileURLToPath(new URL('../../fixtures/notes/', import.meta.url));
const chapter4 = [
  { name: 'luksa/kubia-unhealthy', tag: 'latest', note: 'week-04', context: 'unhealthy', files: ['Dockerfile', 'app.js'], differs: 'node:24' },
  { name: 'luksa/ssd-monitor', tag: 'latest', note: 'week-04', context: 'ssd-monitor', files: ['Dockerfile'], differs: 'busybox built here' },
  { name: 'luksa/batch-job', tag: 'latest', note: 'week-04', context: 'batch-job', files: ['Dockerfile'], differs: 'busybox built here' },
];

/** A declaration file in a temp dir, loaded as verify-notes loads the real one. */
async function loadText(text: string) {
  const dir = await mkdtemp(join(tmpdir(), 'book-images-'));
  try {
    const file = join(dir, 'book-images.json');
    await writeFile(file, text);
    return { file, images: loadBookImages(file) };
  } catch (error) {
    return { file: join(dir, 'book-images.json'), error: error as UserError };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const entry = { name: 'luksa/kubia', tag: 'latest', note: 'week-02', files: ['Dockerfile', 'app.js'], differs: 'node:24' };

describe('the book images: one declared list', () => {
  it('accepts the declared list, and every entry is built from file blocks its note really has', async () => {
    const images = loadBookImages();
    assert.ok(images.some((image) => referenceOf(image) === 'luksa/kubia:latest'), 'week 2\'s book manifest pulls luksa/kubia');
    for (const image of images) {
      const context = await buildContextOf(image);
      assert.deepEqual([...context.files.keys()], image.files);
      assert.ok(context.bases.length > 0, `${referenceOf(image)}: its Dockerfile names a base image`);
    }
  });

  it('week 2\'s luksa/kubia is the note\'s app.js on the note\'s Dockerfile base', async () => {
    const context = await buildContextOf(parseBookImages({ images: [entry] })[0]!);
    assert.match(context.files.get('app.js') ?? '', /Received request from/);
    assert.deepEqual(context.bases, ['node:24']);
  });

  it('refuses an entry that names a host, no Dockerfile, a bad tag, a duplicate or an unknown field', () => {
    const bad = (change: Record<string, unknown>) => () => parseBookImages({ images: [{ ...entry, ...change }] });
    assert.throws(bad({ name: 'ghcr.io/luksa/kubia' }), /images\.0\.name: no registry host/);
    assert.throws(bad({ name: 'localhost/kubia' }), /no registry host/);
    assert.throws(bad({ name: 'Luksa/Kubia' }), /Docker Hub repository/);
    assert.throws(bad({ files: ['app.js'] }), /images\.0\.files: the files must include the Dockerfile/);
    assert.throws(bad({ tag: ':latest' }), /images\.0\.tag/);
    assert.throws(bad({ differs: '' }), /images\.0\.differs/);
    assert.throws(bad({ extra: 1 }), /extra/);
    assert.throws(() => parseBookImages({ images: [entry, entry] }), /luksa\/kubia:latest is declared twice/);
    assert.doesNotThrow(bad({ name: 'busybox' }));
  });

  it('a note without the named file block is an error that says which', async () => {
    await assert.rejects(buildContextOf(parseBookImages({ images: [{ ...entry, files: ['Dockerfile', 'server.js'] }] })[0]!), /note week-02 has no file block `file=server\.js`/);
  });

  it('the build key changes with a file, the base image and the tag, and with nothing else', async () => {
    const image = parseBookImages({ images: [entry] })[0]!;
    const context = await buildContextOf(image);
    const key = inputsKey(image, context, ['sha256:a']);
    assert.equal(inputsKey({ ...image, differs: 'other words' }, context, ['sha256:a']), key);
    assert.notEqual(inputsKey(image, context, ['sha256:b']), key);
    assert.notEqual(inputsKey({ ...image, tag: 'v1' }, context, ['sha256:a']), key);
    const edited = { ...context, files: new Map([...context.files, ['app.js', 'console.log(1)\n']]) };
    assert.notEqual(inputsKey(image, edited, ['sha256:a']), key);
  });

  it('a note holds several images, each built from its own folder of file blocks (context)', async () => {
    const images = parseBookImages({ images: chapter4 });
    const contexts = await buildContextsOf(images, FIXTURE_NOTES);
    assert.deepEqual(contexts.map((context) => [...context.files.keys()]), [['Dockerfile', 'app.js'], ['Dockerfile'], ['Dockerfile']]);
    assert.deepEqual(contexts.map((context) => context.bases), [['node:24'], ['busybox'], ['busybox']]);
    assert.match(contexts[0]!.files.get('app.js') ?? '', /I'm not well/, 'the unhealthy folder\'s app.js, not week 2\'s');
    assert.match(contexts[2]!.files.get('Dockerfile') ?? '', /Batch job starting/);
    assert.doesNotMatch(contexts[1]!.files.get('Dockerfile') ?? '', /Batch job/, 'each context its own Dockerfile');
    const keys = images.map((image, index) => inputsKey(image, contexts[index]!, ['sha256:a']));
    assert.equal(new Set(keys).size, 3);
  });

  it('a note outside the site is named by its path from the repository root', async () => {
    const [image] = parseBookImages({ images: [{ ...chapter4[2], note: 'tests/fixtures/notes/week-04.mdx' }] });
    assert.match((await buildContextOf(image!)).files.get('Dockerfile') ?? '', /Batch job starting/);
    const [missing] = parseBookImages({ images: [{ ...chapter4[2], note: 'tests/fixtures/notes/week-03.mdx' }] });
    await assert.rejects(buildContextOf(missing!), (error: UserError) => {
      assert.match(error.message, /note tests\/fixtures\/notes\/week-03\.mdx has no file block `file=batch-job\/Dockerfile`/);
      assert.match(error.hint ?? '', /add the file block to tests\/fixtures\/notes\/week-03\.mdx/);
      return true;
    });
    for (const note of ['../x.mdx', '/abs/x.mdx', 'notes/x.md', 'a b']) assert.throws(() => parseBookImages({ images: [{ ...entry, note }] }), /images\.0\.note: a note name \(week-02\) or a note's path/, note);
  });

  it('no context is the note\'s root, as before (week 2\'s entry has none)', async () => {
    const [root] = parseBookImages({ images: [entry] });
    assert.equal(root!.context, undefined);
    assert.deepEqual([...(await buildContextOf(root!)).files.keys()], ['Dockerfile', 'app.js']);
  });

  it('refuses a context or a file that leaves the note\'s work dir', () => {
    const bad = (change: Record<string, unknown>) => () => parseBookImages({ images: [{ ...chapter4[2], ...change }] });
    for (const context of ['../x', '/abs', 'a/../b', 'a/', '.', 'a\\b']) assert.throws(bad({ context }), /images\.0\.context: a relative folder/, context);
    assert.throws(bad({ files: ['Dockerfile', '../app.js'] }), /images\.0\.files\.1: a relative path inside the context/);
    assert.doesNotThrow(bad({ context: 'images/batch-job' }));
  });

  it('every entry whose context lacks a file is named at once, at its line, with the missing blocks', async () => {
    const text = JSON.stringify({ images: [chapter4[0], { ...chapter4[1], context: 'ssd' }, { ...chapter4[2], files: ['Dockerfile', 'job.sh'] }] }, null, 2);
    const { images, file } = await loadText(text);
    assert.ok(images, 'the declaration itself is valid');
    const lineOf = (name: string) => text.split('\n').findIndex((line) => line.includes(`"${name}"`)); // the entry's `{` is the line before its name
    await assert.rejects(buildContextsOf(images, FIXTURE_NOTES), (error: UserError) => {
      const lines = error.message.split('\n');
      assert.equal(lines.length, 2, error.message);
      assert.equal(lines[0], `${file}:${lineOf('luksa/ssd-monitor')}: luksa/ssd-monitor:latest (note week-04, context ssd): note week-04 has no file block \`file=ssd/Dockerfile\``);
      assert.equal(lines[1], `${file}:${lineOf('luksa/batch-job')}: luksa/batch-job:latest (note week-04, context batch-job): note week-04 has no file block \`file=batch-job/job.sh\``);
      assert.match(error.hint, /add the file block to content\/notes\/week-04\.mdx, or fix context or files/);
      return true;
    });
  });

  it('a bad field of the declaration file is named at its line', async () => {
    const text = JSON.stringify({ images: [chapter4[0], { ...chapter4[2], files: ['job.sh'] }] }, null, 2);
    const { error, file } = await loadText(text);
    assert.ok(error instanceof UserError);
    const line = text.split('\n').findIndex((l) => l.includes('"job.sh"')); // `"files": [` is the line before
    assert.equal(error.message, `${file}:${line}: images.1.files: the files must include the Dockerfile (at the context's root)`);
    assert.deepEqual(error.location, { file });
  });
});
