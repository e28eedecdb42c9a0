import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { blocksOfNote } from '../../../src/lib/blocks/parse-note.ts';
import { cachedBlocksOfNote, cachedNoteOf } from '../../../scripts/lib/cache/parse-cache.ts';

const NOTE = [
  '---',
  'title: t',
  'aliases: { k: kubectl }',
  "prompts: ['PS1> ']",
  '---',
  '',
  '# 제목 {/* a comment */}',
  '',
  '```js file=app.js title="app.js"',
  'console.log(`a ${1}`)',
  '```',
  '',
  '```sh',
  'echo plain',
  '```',
  '',
  '<Answer>',
  '',
  '```sh run id=serve needs=docker background ready=/listening on \\d+/ timeout=30s',
  'docker run --rm busybox httpd -f',
  '```',
  '',
  '</Answer>',
  '',
  '```console run id=curl retry=20s normalize=size {2} secrets=TOKEN',
  'curl -s localhost:8080',
  '```',
  '',
  'its front matter shapes blocks: an alias, a prompt of its own',
  '',
  '```sh run id=aliased',
  'PS1> k get po',
  'NAME   READY',
  '```',
  '',
  '```sh run id=clean cleanup exit=1',
  'docker rm -f x',
  '```',
  '',
].join('\n');

describe('cachedBlocksOfNote', () => {
  let dir: string;
  let cache: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kn-parse-cache-'));
    cache = join(dir, 'cache');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('makes the same blocks as a parse, from the cache as from the text', async () => {
    const path = join(dir, 'note.mdx');
    await writeFile(path, NOTE);
    const parsed = await blocksOfNote(path, 'content/notes/note.mdx');
    assert.deepEqual(await cachedBlocksOfNote(path, 'content/notes/note.mdx', cache), parsed);
    assert.equal((await readdir(cache)).length, 1);
    assert.deepEqual(await cachedBlocksOfNote(path, 'content/notes/note.mdx', cache), parsed);
  });

  it('keeps the front matter\'s aliases: a cached note gets the ids and needs they give', async () => {
    const path = join(dir, 'aliased.mdx');
    await writeFile(path, '---\ntitle: t\naliases: {"kc": "kubectl"}\n---\n\n```sh run\nkc get po\n```\n');
    const parsed = await blocksOfNote(path, 'content/notes/aliased.mdx');
    assert.equal(parsed[0]?.meta.id, 'kubectl-get');
    assert.deepEqual(await cachedBlocksOfNote(path, 'content/notes/aliased.mdx', cache), parsed, 'first read: parsed');
    assert.deepEqual(await cachedBlocksOfNote(path, 'content/notes/aliased.mdx', cache), parsed, 'second read: from the cache');
  });

  it('reads a note it parsed before from the cache', async () => {
    const path = join(dir, 'kept.mdx');
    const kept = join(dir, 'kept-cache');
    await writeFile(path, NOTE);
    await cachedBlocksOfNote(path, 'n.mdx', kept);
    // Marked in the cache only: the next run must show the mark, so it did not parse.
    const [file] = await readdir(kept);
    const cached = JSON.parse(await readFile(join(kept, file as string), 'utf8')) as { value: { fences: { value: string }[]; notices: string[] } };
    for (const fence of cached.value.fences) fence.value = `${fence.value} # from the cache`;
    await writeFile(join(kept, file as string), JSON.stringify(cached));
    cached.value.notices = ['a notice from the cache'];
    await writeFile(join(kept, file as string), JSON.stringify(cached));
    assert.deepEqual((await cachedNoteOf(path, 'n.mdx', kept)).notices, ['a notice from the cache'], 'notices are kept with the fences');
    const blocks = await cachedBlocksOfNote(path, 'n.mdx', kept);
    assert.ok(blocks.length > 0 && blocks.every((b) => (b.transcript ? b.transcript.at(-1)?.pasted : b.code)?.endsWith(' # from the cache')));
  });

  it('keeps the front matter as parsed and the YAML files as checked: a hit parses no YAML', async () => {
    const path = join(dir, 'yaml.mdx');
    const kept = join(dir, 'yaml-cache');
    await writeFile(path, '---\ntitle: t\naliases: {"kc": "kubectl"}\n---\n\n```yaml file=pod.yaml\nkind: Pod\n```\n\n```sh run\nkc apply -f pod.yaml\n```\n');
    const parsed = await cachedBlocksOfNote(path, 'n.mdx', kept);
    assert.equal(parsed[1]?.meta.id, 'kubectl-apply');
    // Changed in the cache only: what a hit makes must follow the cache, so it parsed neither.
    const [file] = await readdir(kept);
    const cached = JSON.parse(await readFile(join(kept, file as string), 'utf8')) as { value: { frontmatter: { parsed: { aliases: Record<string, string> } }; fences: { value: string }[] } };
    assert.deepEqual(cached.value.frontmatter.parsed, { title: 't', aliases: { kc: 'kubectl' } });
    cached.value.frontmatter.parsed.aliases = { kc: 'docker' };
    (cached.value.fences[0] as { value: string }).value = 'kind: [Pod';
    await writeFile(join(kept, file as string), JSON.stringify(cached));
    const blocks = await cachedBlocksOfNote(path, 'n.mdx', kept);
    assert.equal(blocks[1]?.meta.id, 'docker-apply', 'the aliases come from the kept front matter');
    assert.equal(blocks[0]?.code, 'kind: [Pod', 'the YAML file block is not parsed again');
  });

  it('parses the front matter again on a hit when JSON could not keep it as it is', async () => {
    const path = join(dir, 'infinite.mdx');
    const kept = join(dir, 'infinite-cache');
    await writeFile(path, '---\ntitle: t\nlimit: .inf\naliases: {"kc": "kubectl"}\n---\n\n```sh run\nkc get po\n```\n');
    const parsed = await blocksOfNote(path, 'n.mdx');
    await cachedBlocksOfNote(path, 'n.mdx', kept);
    const [file] = await readdir(kept);
    const cached = JSON.parse(await readFile(join(kept, file as string), 'utf8')) as { value: { frontmatter: object } };
    assert.ok(!('parsed' in cached.value.frontmatter), 'Infinity is not kept as null');
    assert.deepEqual(await cachedBlocksOfNote(path, 'n.mdx', kept), parsed);
  });

  it('is the same for the real note', async () => {
    const source = 'content/notes/week-02.mdx';
    const parsed = await blocksOfNote(source, source);
    await cachedBlocksOfNote(source, source, cache);
    assert.deepEqual(await cachedBlocksOfNote(source, source, cache), parsed);
  });

  it('parses again when the text changed', async () => {
    const path = join(dir, 'edited.mdx');
    await writeFile(path, NOTE);
    await cachedBlocksOfNote(path, 'n.mdx', cache);
    await writeFile(path, NOTE.replace('echo plain', 'echo plain\n```\n\n```sh run id=added\necho new'));
    const blocks = await cachedBlocksOfNote(path, 'n.mdx', cache);
    assert.deepEqual(blocks, await blocksOfNote(path, 'n.mdx'));
    assert.ok(blocks.some((b) => b.key === 'added'));
  });

  it('never keeps a note with errors: they come from a real parse every time', async () => {
    const shown = (error: unknown) => (error instanceof Error ? [error.constructor.name, error.message, (error as { hint?: string }).hint] : []);
    const broken = join(dir, 'broken-cache');
    for (const [name, text] of [
      ['bad-meta', NOTE.replace('id=curl', 'id=curl neds=docker')],
      ['bad-mdx', NOTE.replace('</Answer>', '')],
    ] as const) {
      const path = join(dir, `${name}.mdx`);
      await writeFile(path, text);
      const expected = shown(await blocksOfNote(path, 'n.mdx').catch((error: unknown) => error));
      assert.equal(expected[0], 'BlockError', name);
      for (let i = 0; i < 2; i++) await assert.rejects(cachedBlocksOfNote(path, 'n.mdx', broken), (error: unknown) => (assert.deepEqual(shown(error), expected), true));
    }
    assert.deepEqual(await readdir(broken).catch(() => []), []);
  });

  it('parses when the cache file is damaged, and when it cannot be written', async () => {
    const path = join(dir, 'note.mdx');
    const [file] = await readdir(cache);
    await writeFile(join(cache, file as string), '{"key": "x", "value": [');
    assert.deepEqual(await cachedBlocksOfNote(path, 'n.mdx', cache), await blocksOfNote(path, 'n.mdx'));
    assert.deepEqual(await cachedBlocksOfNote(path, 'n.mdx', '/dev/null/cache'), await blocksOfNote(path, 'n.mdx'));
  });
});
