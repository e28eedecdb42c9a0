// new-note's table of the book's commands that today's kubectl refuses: each entry recognised
// on the parsed words (through aliases, global flags and pipes), its working form, and the
// commands it must leave alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bookChangeOf } from '../../scripts/lib/new-note/book-changes.ts';

const now = (text: string, aliases = {}) => bookChangeOf(text, aliases)?.now;

test('generator run/v1 proposes a Deployment with the same name, image and port', () => {
  const found = bookChangeOf('kubectl run kubia --image=luksa/kubia --port=8080 --generator=run/v1');
  assert.equal(found?.era.key, 'generator');
  assert.equal(found?.now, 'kubectl create deployment kubia --image=luksa/kubia --port=8080');
  assert.equal(now('kubectl run kubia --generator run/v1 --image luksa/kubia'), 'kubectl create deployment kubia --image=luksa/kubia');
  assert.match(found?.era.why ?? '', /디플로이먼트/);
});

test('generator run-pod/v1 is dropped: kubectl run makes a pod today', () => {
  assert.equal(now('kubectl run dnsutils --image=tutum/dnsutils --generator=run-pod/v1 --command -- sleep infinity'), 'kubectl run dnsutils --image=tutum/dnsutils --command -- sleep infinity');
  assert.equal(bookChangeOf('kubectl run dnsutils --image=tutum/dnsutils --command -- sleep infinity'), undefined);
});

test('exec without -- gets it between the pod and its command, past flags and aliases', () => {
  assert.equal(now('kubectl exec kubia-abc ls /'), 'kubectl exec kubia-abc -- ls /');
  assert.equal(now('k exec -c main kubia-abc env | grep KUBIA', { k: 'kubectl' }), 'k exec -c main kubia-abc -- env | grep KUBIA');
  assert.equal(now('kubectl -n custom exec kubia curl -s http://kubia'), 'kubectl -n custom exec kubia -- curl -s http://kubia');
  assert.equal(now("kubectl exec kubia -- sh -c 'ls /'"), undefined);
  assert.equal(bookChangeOf('kubectl exec kubia -- ls'), undefined);
  assert.equal(bookChangeOf('kubectl exec kubia'), undefined);
});

test('get -a and --show-all are dropped', () => {
  assert.equal(now('kubectl get po -a'), 'kubectl get po');
  assert.equal(now('kubectl get pods --show-all -o wide'), 'kubectl get pods -o wide');
  assert.equal(bookChangeOf('kubectl get po -A'), undefined);
  assert.equal(bookChangeOf('docker ps -a'), undefined);
});

test('rolling-update is recognised with no mechanical form', () => {
  const found = bookChangeOf('kubectl rolling-update kubia-v1 kubia-v2 --image=luksa/kubia:v2');
  assert.equal(found?.era.key, 'rolling-update');
  assert.equal(found?.now, undefined);
  assert.match(found?.era.why ?? '', /set image/);
});

test('a word written with quotes keeps its quotes in the working form', () => {
  assert.equal(now('kubectl exec kubia "ls" /'), 'kubectl exec kubia -- ls /');
  assert.equal(now("kubectl exec kubia sh -c 'echo hi there'"), "kubectl exec kubia -- sh -c 'echo hi there'");
});

test("new-note on chapter-05 (the book's commands as printed): each becomes a failing book block, the working form runs, every line kept", async () => {
  const { copyFile, mkdtemp, readFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const { newNote } = await import('../../scripts/lib/new-note/new-note.ts');
  const { parseMdx } = await import('../../src/lib/blocks/parse-note.ts');
  const { keptLineProblems } = await import('../../src/lib/originals/kept-lines.ts');
  const root = await mkdtemp(join(tmpdir(), 'kn-book-era-'));
  try {
    const input = join(root, 'chapter-05.md');
    await copyFile(fileURLToPath(new URL('../fixtures/new-note/chapter-05.md', import.meta.url)), input);
    const result = await newNote({ root, input, week: 5 });
    assert.deepEqual(result.problems.map((p) => p.message), [], 'the --static checks pass (BookChange ids resolve)');
    const mdx = await readFile(result.notePath, 'utf8');
    const original = await readFile(input, 'utf8');
    assert.deepEqual(keptLineProblems({ originalSource: 'o', originalText: original, form: 'markdown', noteSource: 'n', tree: parseMdx(mdx, 'n') }), []);
    const runs = result.blocks.filter((b) => b.kind === 'run');
    const failing = runs.filter((b) => b.meta.expectedExit !== 0).map((b) => b.meta.id);
    assert.deepEqual(failing, ['book-generator', 'book-generator-pod', 'book-show-all', 'book-exec-dashes', 'book-rolling-update']);
    const working = runs.filter((b) => b.meta.expectedExit === 0).map((b) => b.code);
    assert.deepEqual(working, [
      'kubectl create deployment kubia --image=luksa/kubia --port=8080',
      'kubectl run dnsutils --image=tutum/dnsutils --command -- sleep infinity',
      'kubectl get po',
      'kubectl exec dnsutils -- nslookup kubernetes.default',
    ]);
    assert.equal((mdx.match(/<BookChange /g) ?? []).length, 4);
    assert.match(mdx, /<Note>\n\n`kubectl rolling-update`/);
    assert.equal(result.checklist.filter((line) => line.includes('지금의 kubectl에서 실패합니다')).length, 5, 'the checklist names each change');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
