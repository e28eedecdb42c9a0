// The block model against pages it was not written for: real MDX and Markdown of other docs
// sites (tests/fixtures/mdx/README.md names each source), and the variants an editor or a
// checkout makes of them. Nothing of theirs is ours, so nothing may be extracted; a page that
// is not MDX must stop at its line with a hint that fits what is written there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BlockError } from '../../src/lib/blocks/block-error.ts';
import { blocksOf, codeBlocksOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import { fixtureProject } from '../support/project.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mdx/${name}`, import.meta.url), 'utf8');

/** Every fence of a page as `line:lang`, and the blocks it declares. */
function fencesOf(text: string, source: string) {
  const codes = codeBlocksOf(parseMdx(text, source), source);
  return { fences: codes.map(({ node }) => `${node.position?.start.line}:${node.lang}`), blocks: codes.flatMap(({ block }) => (block ? [block] : [])) };
}

function parseError(text: string, source: string): BlockError {
  try {
    blocksOf(parseMdx(text, source), source);
  } catch (error) {
    assert.ok(error instanceof BlockError, String(error));
    return error;
  }
  assert.fail(`${source} parsed`);
}

/** The 1-based line of the first line holding `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

/** Adds our meta to the fence that opens at `line` (1-based). */
function withMeta(text: string, line: number, meta: string): string {
  const lines = text.split('\n');
  lines[line - 1] = `${lines[line - 1]} ${meta}`;
  return lines.join('\n');
}

describe('real pages of other docs sites', () => {
  it('Starlight: imports, exports and a template literal across lines; three fences, none ours', () => {
    const { fences, blocks } = fencesOf(fixture('starlight-code.mdx'), 'starlight-code.mdx');
    assert.deepEqual(fences, ['28:tsx', '40:mdx', '73:mdx']);
    assert.deepEqual(blocks, []);
  });

  it('Expressive Code: frame=, title= and regex markers holding quotes, = and <!--; nested fences stay one block', () => {
    const { fences, blocks } = fencesOf(fixture('expressive-code-frames.mdx'), 'expressive-code-frames.mdx');
    assert.deepEqual(fences, ['27:md', '40:js', '44:html', '58:md', '70:bash', '74:powershell', '108:md', '122:sh', '126:ps']);
    assert.deepEqual(blocks, []);
  });

  it('Astro docs: fences in <TabItem> in list items in <Steps>, indented, no blank lines around them', () => {
    const text = fixture('astro-install-and-setup.mdx');
    const { fences, blocks } = fencesOf(text, 'astro-install-and-setup.mdx');
    assert.equal(fences.length, 25);
    assert.deepEqual(blocks, []);
    // The page's own commands, once an author marks two of them to run, are found at their fences.
    const mkdir = lineOf(text, '```bash');
    const npmInit = lineOf(text, 'npm init --yes') - 1;
    const marked = withMeta(withMeta(text, mkdir, 'run id=mkdir'), npmInit, 'run id=npm-init');
    const found = fencesOf(marked, 'astro.mdx').blocks;
    assert.deepEqual(
      found.map((b) => [b.key, b.line, b.code]),
      [
        ['mkdir', mkdir, 'mkdir my-astro-project\ncd my-astro-project'],
        ['npm-init', npmInit, 'npm init --yes'],
      ],
    );
  });

  it('Docusaurus: an HTML comment stops at its line, with the MDX way to write a comment as the hint', () => {
    const text = fixture('docusaurus-code-blocks.mdx');
    const error = parseError(text, 'docusaurus-code-blocks.mdx');
    assert.equal(error.line, lineOf(text, '<!-- TODO'));
    assert.match(error.hint, /\{\/\* … \*\/\}/);
    assert.doesNotMatch(error.hint, /escape `<`/, 'the comment is not a stray `<` to escape');
  });

  it('Docusaurus: a heading id `{#code-title}` stops at its line, with a hint about heading ids', () => {
    const text = fixture('docusaurus-code-blocks.mdx').replace(/^<!-- TODO.*-->$/m, '{/* TODO */}');
    const error = parseError(text, 'docusaurus-code-blocks.mdx');
    assert.equal(error.line, lineOf(text, '{#code-title}'));
    assert.match(error.hint, /heading id/);
  });

  it('Docusaurus without its comment and heading ids: ranges, bare words, indented and nested fences; none ours', () => {
    const text = fixture('docusaurus-code-blocks.mdx')
      .replace(/^<!-- TODO.*-->$/m, '{/* TODO */}')
      .replace(/ \{#[\w-]+\}$/gm, '');
    const { fences, blocks } = fencesOf(text, 'docusaurus-code-blocks.mdx');
    // MDX has no indented code: the four-space "indented" fences are fences too, as Astro reads them.
    assert.equal(fences.length, 29);
    assert.deepEqual(blocks, []);
    // Marked to run, Docusaurus's own flag is a key this site does not know: said at its line.
    const line = lineOf(text, '```bash npm2yarn');
    const error = parseError(withMeta(text, line, 'run id=swizzle'), 'd.mdx');
    assert.equal(error.message, `d.mdx:${line}: unknown key "npm2yarn" in block meta`);
    // Without it, ranges and titles ride along on our block untouched.
    const [block] = fencesOf(withMeta(text.replace('```bash npm2yarn', '```bash'), line, 'run id=swizzle {1,3-4} title="스위즐"'), 'd.mdx').blocks;
    assert.equal(block?.line, line);
    assert.equal(block?.meta.presentation, '{1,3-4} title="스위즐"');
  });

  it('Kubernetes docs (Markdown with Hugo shortcodes): stops at the first shortcode with a hint about shortcodes', () => {
    const text = fixture('k8s-liveness-probes.md').replace(/<!--(.*?)-->/g, '{/*$1*/}');
    const error = parseError(text, 'k8s.mdx');
    assert.equal(error.line, lineOf(text, '{{< caution >}}'));
    assert.match(error.hint, /Hugo shortcode/);
    assert.match(error.hint, /<Caution>|<Note>/);
  });
});

describe('what an editor or a checkout makes of a note', () => {
  const note = ['---', 'title: t', '---', '', '# 3장', '', '```yaml file=pod.yaml', 'kind: Pod', '```', '', '```sh run id=create needs=kind', 'kubectl create -f pod.yaml', 'kubectl get po', '```', ''].join('\n');

  it('CRLF line endings (a Windows checkout): the same commands, the same hashes as LF', () => {
    const lf = blocksOf(parseMdx(note, 'n.mdx'), 'n.mdx');
    const crlf = blocksOf(parseMdx(note.replaceAll('\n', '\r\n'), 'n.mdx'), 'n.mdx');
    assert.deepEqual(
      crlf.map((b) => [b.key, b.line, b.code, b.hash]),
      lf.map((b) => [b.key, b.line, b.code, b.hash]),
    );
    assert.ok(!crlf.some((b) => b.code.includes('\r')), 'bash would read `kubectl get po\\r`');
  });

  it('week 2 as a Windows editor saves it (BOM, CRLF): its recordings are still current for --static', async () => {
    const project = await fixtureProject({});
    try {
      const week02 = readFileSync('content/notes/week-02.mdx', 'utf8');
      await mkdir(join(project.root, 'content/outputs'), { recursive: true });
      await writeFile(join(project.root, 'content/notes/week-02.mdx'), `\uFEFF${week02.replaceAll('\n', '\r\n')}`);
      await copyFile('content/outputs/week-02.json', project.recordingPath('week-02'));
      // --static also checks that the note keeps every line of its original: it comes along.
      await mkdir(join(project.root, 'content/originals'), { recursive: true });
      await copyFile('content/originals/week-02.txt', join(project.root, 'content/originals/week-02.txt'));
      const checked = await project.run('--static');
      // Line ends and a BOM change no block's currency: whatever fails (a recording from one
      // run, until week 2 is re-recorded with --repeat) fails as it does for the note as committed.
      assert.doesNotMatch(checked.stderr, /stale|unrecorded|inconsistent/, checked.stderr);
      assert.match(checked.stderr, /\d+ passed, (0 failed|\d+ failed \(unreproduced \d+\))\n/);
    } finally {
      await project.dispose();
    }
  });

  it('a byte order mark before the front matter: blocks at the same lines', () => {
    const blocks = blocksOf(parseMdx(`\uFEFF${note}`, 'n.mdx'), 'n.mdx');
    assert.deepEqual(blocks.map((b) => [b.key, b.line]), [['file:pod.yaml', 7], ['create', 11]]);
  });

  it('~~~ fences and tab indentation inside an element', () => {
    const text = ['<Answer>', '', '~~~sh run id=tilde', 'echo "~~~"', '~~~', '', '\t```sh run id=tabbed', '\techo tab', '\t```', '', '</Answer>', ''].join('\n');
    assert.deepEqual(
      blocksOf(parseMdx(text, 'n.mdx'), 'n.mdx').map((b) => [b.key, b.line, b.code]),
      [
        ['tilde', 3, 'echo "~~~"'],
        ['tabbed', 7, 'echo tab'],
      ],
    );
  });

  it('a fence of four backticks showing our syntax is documentation, not a block', () => {
    const text = ['````md', '```sh run id=shown needs=kind', 'kubectl get po -w', '```', '````', ''].join('\n');
    assert.deepEqual(blocksOf(parseMdx(text, 'n.mdx'), 'n.mdx'), []);
  });
});
