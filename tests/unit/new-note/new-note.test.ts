// `npm run new-note`: an original brought in as written. On a copy of the seed (plain text)
// and on a small Markdown chapter note, in a throw-away project root: the note parses, keeps
// every line of the original, and proposes the blocks its commands call for.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { blocksOf } from '../../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../../src/lib/blocks/parse-note.ts';
import { keptLineProblems } from '../../../src/lib/originals/kept-lines.ts';
import { commandInLine } from '../../../scripts/lib/new-note/from-text.ts';
import { newNote } from '../../../scripts/lib/new-note/new-note.ts';
import { escapeProse } from '../../../scripts/lib/new-note/mdx-text.ts';

const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const roots: string[] = [];
const project = async () => {
  const root = await mkdtemp(join(tmpdir(), 'kn-new-note-'));
  roots.push(root);
  return root;
};
after(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

describe('new-note on a plain-text original (the seed)', () => {
  it('finds the commands of prose, headings and "명령어 :", not a program named in a sentence', () => {
    assert.equal(commandInLine('이미지 빌드 명령어 : docker build -t kubia . '), 'docker build -t kubia .');
    assert.equal(commandInLine(`'docker run busybox echo "Hello world" 명령어에 대한 이해`), 'docker run busybox echo "Hello world"');
    assert.equal(commandInLine('### docker run --name kubia-container -p 8080:8080 -d kubia'), 'docker run --name kubia-container -p 8080:8080 -d kubia');
    assert.equal(commandInLine('kubectl 명령어를 사용하면 로컬에서 rest 요청을 마스터노드로 보낸다'), undefined);
    assert.equal(commandInLine('kubectl run 명령을 수행하면 레플리케이션컨트롤러가'), undefined);
    assert.equal(commandInLine('### docker build'), undefined);
  });

  it('keeps every line, proposes a run block after each runnable command and a plain block with a <Note> for the rest', async () => {
    const root = await project();
    const input = join(await project(), 'week-02.txt');
    await copyFile(repo('content/originals/week-02.txt'), input);
    const result = await newNote({ root, input, week: 9 });
    assert.deepEqual(result.problems.map((p) => p.message), [], 'the --static checks pass');
    const original = await readFile(join(root, 'content/originals/week-02.txt'), 'utf8');
    assert.equal(original, await readFile(repo('content/originals/week-02.txt'), 'utf8'), 'the original is copied verbatim');
    const mdx = await readFile(result.notePath, 'utf8');
    const tree = parseMdx(mdx, 'content/notes/week-09.mdx');
    assert.deepEqual(keptLineProblems({ originalSource: 'o', originalText: original, form: 'text', noteSource: 'n', tree }), []);
    const runs = result.blocks.filter((b) => b.kind === 'run').map((b) => b.code);
    assert.deepEqual(runs, ['docker run image', 'docker run busybox echo "Hello world"', 'docker build -t kubia .', 'docker run --name kubia-container -p 8080:8080 -d kubia']);
    assert.ok(result.blocks.every((b) => b.meta.needs.includes('docker')), 'needs inferred');
    const lines = mdx.split('\n');
    for (const command of ['이미지 빌드 명령어 : docker build -t kubia .', '### docker run --name kubia-container']) {
      const at = lines.findIndex((line) => line.startsWith(command));
      assert.match(lines.slice(at + 1, at + 3).join('\n'), /```sh run/, `a run block right after "${command}"`);
    }
    for (const plain of ['gcloud container clusters create kubia --num-nodes 3', 'minikube start']) {
      const at = lines.indexOf(plain);
      assert.equal(lines[at - 1], '```sh', plain);
      assert.match(lines.slice(at, at + 6).join('\n'), /<Note>/);
    }
    assert.match(mdx, /<Question page="76">p 76 \\<요청/);
    assert.match(mdx, /<Question page="101">p101/);
    assert.match(mdx, /citedPages: \[76, 86, 101\]/);
    assert.ok(result.checklist.some((item) => /원본 78행: 질문에 답을 쓰세요/.test(item)));
  });

  it('escapes what MDX would read as JSX, an expression or a module statement, and nothing in code spans', () => {
    const lines = ['p 76 <요청 핸들러> {a}', 'export KUBECONFIG=x 를 설정', '`{.items[0]}` 로 본다'];
    assert.deepEqual(lines.map(escapeProse), ['p 76 \\<요청 핸들러> \\{a\\}', '`export KUBECONFIG=x 를 설정`', '`{.items[0]}` 로 본다']);
    assert.doesNotThrow(() => parseMdx(lines.map(escapeProse).join('\n\n'), 'n.mdx'));
  });

  it('never overwrites a note or an original', async () => {
    const root = await project();
    const input = join(await project(), 'week-02.txt');
    await copyFile(repo('content/originals/week-02.txt'), input);
    await newNote({ root, input, week: 9 });
    await assert.rejects(newNote({ root, input, week: 9 }), /already exists/);
  });
});

describe('new-note on a Markdown chapter note', () => {
  it('makes run blocks (transcripts for prompts and pasted output), file blocks from --files, and a plain block for -it; an alias function becomes an alias of the front matter; the CLI prints the checklist', async () => {
    const root = await project();
    const cli = spawnSync(process.execPath, [repo('scripts/new-note.ts'), repo('tests/fixtures/new-note/chapter-03.md'), '--week', '3', '--files', repo('tests/fixtures/new-note/files'), '--root', root], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(cli.status, 0, cli.stdout + cli.stderr);
    assert.match(cli.stdout, /--static 검사 통과/);
    assert.match(cli.stdout, /- \[ \] 원본 33행: 이 블록은 실행 블록이 아닙니다/);
    const source = 'content/notes/week-03.mdx';
    const blocks = blocksOf(parseMdx(await readFile(join(root, source), 'utf8'), source), source);
    assert.deepEqual(
      blocks.map((b) => [b.kind, b.key, b.transcript?.map((c) => c.command) ?? b.code]),
      [
        ['file', 'file:kubia-manual.yaml', (await readFile(repo('tests/fixtures/new-note/files/kubia-manual.yaml'), 'utf8')).trimEnd()],
        ['run', 'kubectl-create', ['kubectl create -f kubia-manual.yaml']],
        ['run', 'kubectl-get', ["kubectl get po kubia-manual -o jsonpath='{.metadata.name}'"]],
        ['run', 'kubectl-get-2', ['kubectl get po kubia-manual \\\n  -o name']],
        ['run', 'kubectl-get-3', ['kc() { kubectl "$@"; }', 'kc get po kubia-manual -o name']],
        ['run', 'kubectl-delete', 'kubectl delete -f kubia-manual.yaml'],
      ],
    );
    assert.equal(blocks[2]?.transcript?.[0]?.pasted, 'kubia-manual', 'pasted output without a prompt is kept as the author saw it');
    assert.ok(blocks.filter((b) => b.kind === 'run').every((b) => b.meta.needs.join() === 'kind'));
    assert.deepEqual(blocks[4]?.aliases, { kc: 'kubectl' }, 'a function the original defines is the note\'s alias');
  });
});
