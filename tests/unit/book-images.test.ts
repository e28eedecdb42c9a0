import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildContextOf, inputsKey, loadBookImages, parseBookImages, referenceOf } from '../../scripts/lib/book-images.ts';

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
});
