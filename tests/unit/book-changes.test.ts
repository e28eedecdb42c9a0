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
    const result = await newNote({ root, input, week: 5, filesDir: fileURLToPath(new URL('../fixtures/new-note/chapter-05-files', import.meta.url)) });
    assert.deepEqual(result.problems.map((p) => p.message), [], 'the --static checks pass (BookChange ids resolve)');
    const mdx = await readFile(result.notePath, 'utf8');
    const original = await readFile(input, 'utf8');
    assert.deepEqual(keptLineProblems({ originalSource: 'o', originalText: original, form: 'markdown', noteSource: 'n', tree: parseMdx(mdx, 'n') }), []);
    const runs = result.blocks.filter((b) => b.kind === 'run');
    const failing = runs.filter((b) => b.meta.expectedExit !== 0).map((b) => b.meta.id);
    assert.deepEqual(failing, ['book-generator', 'book-generator-pod', 'book-show-all', 'book-exec-dashes', 'book-rolling-update', 'book-apps-v1', 'book-ingress-v1', 'book-cronjob-v1', 'book-apps-v1-2']);
    const working = runs.filter((b) => b.meta.expectedExit === 0).map((b) => b.code);
    assert.deepEqual(working, [
      'kubectl create deployment kubia --image=luksa/kubia --port=8080',
      'kubectl run dnsutils --image=tutum/dnsutils --command -- sleep infinity',
      'kubectl get po',
      'kubectl exec dnsutils -- nslookup kubernetes.default',
      'kubectl create -f kubia-replicaset.yaml\nkubectl create -f kubia-ingress.yaml\nkubectl create -f cronjob.yaml',
      'cat <<EOF | kubectl apply -f -\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: ssd-monitor\nspec:\n  selector:\n    matchLabels:\n      app: ssd-monitor\n  template:\n    metadata:\n      labels:\n        app: ssd-monitor\n    spec:\n      containers:\n      - name: main\n        image: luksa/ssd-monitor\nEOF',
      'kubectl delete deployment kubia\nkubectl delete rs kubia-rs\nkubectl delete ds ssd-monitor\nkubectl delete ingress kubia\nkubectl delete cronjob batch-job-every-fifteen-minutes\nkubectl delete po dnsutils --now',
    ]);
    const files = result.blocks.filter((b) => b.kind === 'file').map((b) => b.meta.file);
    assert.deepEqual(files, ['book-kubia-replicaset.yaml', 'kubia-replicaset.yaml', 'book-kubia-ingress.yaml', 'kubia-ingress.yaml', 'book-cronjob.yaml', 'cronjob.yaml']);
    assert.match(mdx, /proof="now-apps-v1" bookRun="book-cronjob-v1"/, "every manifest's change names the block that creates today's form");
    assert.equal((mdx.match(/<BookChange /g) ?? []).length, 8);
    assert.match(mdx, /```bash run id=book-apps-v1-2 expect=fail\n\$ cat <<EOF \| kubectl apply -f -\n> apiVersion: apps\/v1beta2\n/, "the author's here-document, prompts and all, is the book's block");
    assert.match(mdx, /<Note>\n\n`kubectl rolling-update`/);
    assert.equal(result.checklist.filter((line) => line.includes('지금의 kubectl에서 실패합니다')).length, 6, 'the checklist names each change');
    assert.equal(result.checklist.filter((line) => line.includes('지금 없는 API 버전')).length, 3);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('manifests: apps/v1beta2 gets apps/v1 and a selector from the template, Ingress the v1 backend, CronJob batch/v1', async () => {
  const { bookManifest } = await import('../../scripts/lib/new-note/book-manifests.ts');
  const { parse } = await import('yaml');
  const ds = bookManifest('apiVersion: apps/v1beta2\nkind: DaemonSet\nmetadata:\n  name: ssd\nspec:\n  template:\n    metadata:\n      labels:\n        app: ssd\n    spec:\n      containers:\n      - name: main\n        image: luksa/ssd-monitor\n');
  assert.deepEqual(parse(ds?.now ?? '').spec.selector, { matchLabels: { app: 'ssd' } });
  assert.equal(parse(ds?.now ?? '').apiVersion, 'apps/v1');
  assert.match(ds?.now ?? '', /^      containers:\n      - name: main$/m, "the author's list indentation is kept");
  const kept = bookManifest('apiVersion: extensions/v1beta1\nkind: Deployment\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: b}\n');
  assert.deepEqual(parse(kept?.now ?? '').spec.selector, { matchLabels: { app: 'a' } }, 'a written selector stays');
  assert.equal(bookManifest('apiVersion: apps/v1beta1\nkind: Deployment\nspec:\n  template: {}\n'), undefined, 'no labels to select by: left to the author');
  const ingress = bookManifest('apiVersion: extensions/v1beta1\nkind: Ingress\nspec:\n  backend:\n    serviceName: a\n    servicePort: http\n  rules:\n  - http:\n      paths:\n      - backend:\n          serviceName: kubia\n          servicePort: 80\n');
  const spec = parse(ingress?.now ?? '').spec;
  assert.deepEqual(spec.defaultBackend, { service: { name: 'a', port: { name: 'http' } } });
  assert.deepEqual(spec.rules[0].http.paths[0], { backend: { service: { name: 'kubia', port: { number: 80 } } }, path: '/', pathType: 'Prefix' });
  const cron = bookManifest('# the book\napiVersion: batch/v2alpha1\nkind: CronJob\n---\napiVersion: v1\nkind: Service\n');
  assert.equal(cron?.now, '# the book\napiVersion: batch/v1\nkind: CronJob\n---\napiVersion: v1\nkind: Service\n', 'comments and other documents stay as written');
  assert.equal(bookManifest('apiVersion: apps/v1\nkind: ReplicaSet\n'), undefined);
  assert.equal(bookManifest('apiVersion: v1\nkind: ReplicationController\n'), undefined);
});

test('a here-document manifest fed to kubectl -f - gets the current apiVersion; one fed elsewhere is left alone', async () => {
  const { heredocManifestChange, withBookChanges } = await import('../../scripts/lib/new-note/book-changes.ts');
  const text = "kubectl create -f - <<'END'\napiVersion: batch/v1beta1\nkind: CronJob\nEND";
  assert.equal(heredocManifestChange(text)?.now, "kubectl create -f - <<'END'\napiVersion: batch/v1\nkind: CronJob\nEND");
  assert.equal(heredocManifestChange("cat > cronjob.yaml <<END\napiVersion: batch/v1beta1\nkind: CronJob\nEND"), undefined);
  const { code, changes } = withBookChanges(`echo before\n${text}\nkubectl get po -a`, undefined);
  assert.equal(code, "echo before\nkubectl create -f - <<'END'\napiVersion: batch/v1\nkind: CronJob\nEND\nkubectl get po");
  assert.deepEqual(changes.map((c) => c.era.key), ['cronjob-v1', 'show-all']);
});

test('scale job becomes a patch of spec.parallelism; scaling a Deployment is left alone', () => {
  assert.equal(now('kubectl scale job multi-completion-batch-job --replicas 3'), `kubectl patch job multi-completion-batch-job -p '{"spec":{"parallelism":3}}'`);
  assert.equal(now('kubectl scale job/batch --replicas=2'), `kubectl patch job batch -p '{"spec":{"parallelism":2}}'`);
  assert.equal(bookChangeOf('kubectl scale deployment kubia --replicas=3'), undefined);
  assert.equal(bookChangeOf('kubectl scale rc kubia --replicas=3'), undefined);
});

test('a working form with double quotes is named in the <BookChange> up to them, and the page still parses', async () => {
  const { fromMarkdown } = await import('../../scripts/lib/new-note/from-markdown.ts');
  const { body } = fromMarkdown('```\n$ kubectl scale job batch-job --replicas 3\n```\n', new Map());
  assert.match(body, /now="`kubectl patch job batch-job -p …`" proof="now-scale-job"/);
  assert.match(body, /```sh run id=now-scale-job\n\$ kubectl patch job batch-job -p '\{"spec":\{"parallelism":3\}\}'\n```/);
});
