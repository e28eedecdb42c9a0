// `prompts:` in a note's front matter: prompts of the author's terminal, read besides the
// defaults everywhere a prompt is read (transcripts, the checks before running,
// --fix-prompts, the kept-lines check, new-note).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BlockError } from '../../src/lib/blocks/block-error.ts';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { fixPrompts } from '../../src/lib/blocks/fix-prompts.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import { keptLineProblems } from '../../src/lib/originals/kept-lines.ts';
import { detectedPrompts } from '../../src/lib/blocks/prompt-like.ts';
import { newNote } from '../../scripts/lib/new-note/new-note.ts';

const note = (prompts: string, code: string) => `---\ntitle: t\n${prompts}\n---\n\n# 노트\n\n\`\`\`sh run\n${code}\n\`\`\`\n`;
const blocks = (text: string) => blocksOf(parseMdx(text, 'content/notes/week-05.mdx'), 'content/notes/week-05.mdx');

describe('a note\'s own prompts', () => {
  it('make its blocks transcripts, each command at its prompt, beside the defaults', () => {
    const [block] = blocks(note("prompts: ['PS1> ', 'k8s$ ']", 'PS1> kubectl get po\nNAME    READY\nk8s$ kubectl get svc \\\n>   -o name\nservice/kubernetes\n$ echo done\ndone'));
    assert.deepEqual(
      block?.transcript?.map((c) => [c.prompt, c.command, c.pasted, c.line]),
      [
        ['PS1> ', 'kubectl get po', 'NAME    READY', 9],
        ['k8s$ ', 'kubectl get svc \\\n  -o name', 'service/kubernetes', 11],
        ['$ ', 'echo done', 'done', 14],
      ],
    );
    assert.equal(block?.code, 'kubectl get po\nkubectl get svc \\\n  -o name\necho done');
  });

  it('a prompt the note does not declare is an error at its line that says how to declare it', () => {
    for (const [code, line] of [
      ['PS1> kubectl get po\nNAME    READY', 9],
      ['$ kubectl get po\nNAME    READY\nuser@host:~$ docker ps', 11],
    ] as const) {
      assert.throws(
        () => blocks(note('tags: []', code)),
        (error: unknown) => error instanceof BlockError && error.errors[0]?.line === line && /a prompt the note does not declare/.test(error.errors[0]?.problem ?? '') && /prompts: \['(PS1>|user@host:~\$) '\]/.test(error.errors[0]?.hint ?? ''),
        code,
      );
    }
    assert.doesNotThrow(() => blocks(note('tags: []', 'kubectl get po 2> err.txt\necho a >> log.txt')), 'a redirection is no prompt');
    assert.doesNotThrow(() => blocks(note('tags: []', 'cat <<EOF > notes.md\nPS1> kubectl get po\nEOF')), 'a here-document\'s text is no prompt');
  });

  it('a prompt of the note pasted inside a block is caught at its line', () => {
    assert.throws(
      () => blocks(note("prompts: ['k8s$ ']", 'kubectl get po\nk8s$ kubectl get svc')),
      (error: unknown) => error instanceof BlockError && error.errors.some((e) => e.line === 10 && /starts with a shell prompt `k8s\$ `/.test(e.problem)),
    );
  });

  it('a malformed prompt is an error at the front matter\'s line, with what a prompt looks like', () => {
    assert.throws(
      () => blocks(note("tags: []\nprompts: ['PS1>', '> ']", 'echo a')),
      (error: unknown) => error instanceof BlockError && error.errors.length === 2 && error.errors.every((e) => e.line === 4 && /ending in a space/.test(e.hint ?? '')),
    );
    assert.throws(() => blocks(note("prompts: 'PS1> '", 'echo a')), (error: unknown) => error instanceof BlockError && /not a list of prompts/.test(error.errors[0]?.problem ?? ''));
  });

  it('--fix-prompts leaves a transcript at the note\'s prompt alone and keeps its prompt on a mixed block', () => {
    const text = note("prompts: ['PS1> ']", 'PS1> kubectl get po\nNAME    READY').replace(/```\n$/, '```\n\n```sh run\nPS1> kubectl get po\nkubectl get svc\nNAME   TYPE\n```\n');
    const fixed = fixPrompts(text, 'content/notes/week-05.mdx');
    assert.equal(fixed.fixed, 0, 'both blocks start at a prompt: transcripts');
    const mixed = note("prompts: ['PS1> ']", 'kubectl get po\nPS1> kubectl get svc\nNAME   TYPE');
    assert.match(fixPrompts(mixed, 's.mdx').text, /^\$ kubectl get po\nPS1> kubectl get svc\nNAME {3}TYPE$/m);
  });

  it('the kept-lines check reads the original\'s lines past the note\'s prompts', () => {
    const text = note("prompts: ['PS1> ']", '$ kubectl get po');
    const check = (prompts: string) => keptLineProblems({ originalSource: 'o.txt', originalText: 'PS1> kubectl get po', form: 'text', noteSource: 'n', tree: parseMdx(text.replace("prompts: ['PS1> ']", prompts), 'n.mdx') });
    assert.deepEqual(check("prompts: ['PS1> ']"), []);
    assert.equal(check('tags: []').length, 1, 'without the field, "PS1" is a word of the line');
  });
});

describe('new-note and the original\'s prompts', () => {
  const roots: string[] = [];
  after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

  it('finds prompts followed by a command, never prose, a redirect or the defaults', () => {
    assert.deepEqual(detectedPrompts('PS1> kubectl get po\nNAME\nuser@host:~$ docker ps\n[root@node ~]# crictl ps\n2> kubectl\n참고> 이것은 문장\n$ kubectl get po\n> kubectl\nk8s$ kc get po', new Set(['kc'])), ['PS1> ', 'user@host:~$ ', '[root@node ~]# ', 'k8s$ ']);
  });

  it('declares them in the front matter, so the blocks are transcripts and --static passes', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kn-prompts-'));
    roots.push(root);
    const input = join(root, 'chapter-05.md');
    await writeFile(input, '# 5장\n\n```\nPS1> kubectl get svc kubernetes -o name\nservice/kubernetes\nPS1> echo "> quoted"\n> quoted\n```\n');
    const result = await newNote({ root, input, week: 5 });
    assert.deepEqual(result.problems.map((p) => p.message), []);
    const mdx = await readFile(result.notePath, 'utf8');
    assert.match(mdx, /^prompts: \["PS1> "\]$/m);
    const [block] = result.blocks;
    assert.deepEqual(block?.transcript?.map((c) => [c.command, c.pasted]), [['kubectl get svc kubernetes -o name', 'service/kubernetes'], ['echo "> quoted"', '> quoted']]);
    assert.ok(result.checklist.some((item) => item.includes('`PS1> `')));
  });
});
