// Astro hands the site's remark plugin a note whose front matter is blanked: the page must
// still read its aliases as the runner does, or an aliased block's recording shows as stale.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Root } from 'mdast';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import { withFrontmatterOf } from '../../src/lib/blocks/stripped-frontmatter.ts';
import { remarkRunBlocks } from '../../src/plugins/remark-run-blocks.ts';

const NOTE = '---\ntitle: t\naliases: { say: echo }\n---\n\n```sh run id=t\n$ say a\na\n```\n';
/** As @astrojs/mdx passes it ("empty-with-spaces"): the front matter's characters blanked, its lines kept. */
const blanked = (text: string) => text.replace(/^---\n[\s\S]*?\n---/, (front) => front.replace(/[^\n]/g, ' '));

describe('a note whose front matter Astro stripped', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kn-front-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('gives the page block the runner\'s hash: its aliases are read from the note\'s text', async () => {
    const path = join(dir, 'week-09.mdx');
    await writeFile(path, NOTE);
    const [runner] = blocksOf(parseMdx(NOTE, path), path);
    const tree = parseMdx(blanked(NOTE), path);
    assert.equal(tree.children.some((node) => node.type === 'yaml'), false, 'the tree has no front matter, as in the build');
    assert.notEqual(blocksOf(tree, path)[0]?.hash, runner?.hash, 'without it the hash differs (the bug this guards)');
    // The plugin reads only the file's path and data: a vfile's fields, without the package.
    remarkRunBlocks()(tree, { path, history: [path], data: {}, value: blanked(NOTE) } as never);
    const wrapped = JSON.stringify(tree);
    assert.ok(runner && wrapped.includes(runner.hash), 'the page block carries the hash the recording has');
  });

  it('keeps the front matter at its lines, and leaves a tree that has one as it is', () => {
    const withYaml = parseMdx(NOTE, 'n.mdx');
    assert.equal(withFrontmatterOf(withYaml, NOTE), withYaml);
    const stripped = parseMdx(blanked(NOTE), 'n.mdx') as Root;
    const restored = withFrontmatterOf(stripped, NOTE.replace(/\n/g, '\r\n'));
    assert.deepEqual(restored.children[0], { type: 'yaml', value: 'title: t\naliases: { say: echo }', position: { start: { line: 1, column: 1 }, end: { line: 4, column: 4 } } });
    assert.equal(restored.children[1], stripped.children[0], 'the same nodes: the plugin still wraps them in the tree');
  });
});
