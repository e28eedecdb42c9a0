// The runner's Kubernetes side against a real kind cluster: run where kind and kubectl are on
// PATH (our CI puts the offline build there; KUBIA_NOTES_KIND_CONFIG picks its config).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureProject } from '../support/project.ts';
import { deleteKindCluster } from '../../scripts/lib/kind-delete.ts';
import { toolEnvironment } from '../../scripts/lib/tool-path.ts';

const has = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const kindReady = has('kind') && has('kubectl') && has('docker');
if (!kindReady && process.env.CI) throw new Error('CI without kind/kubectl on PATH: run scripts/airgap/kind/tools.sh first');

const block = (meta: string, code: string) => `\`\`\`sh ${meta}\n${code}\n\`\`\``;
const clusters = () => execFileSync('kind', ['get', 'clusters'], { encoding: 'utf8' }).split('\n').filter(Boolean);

describe('verify-notes against a real kind cluster', { skip: !kindReady && 'kind or kubectl is not installed here' }, () => {
  it('runs kind blocks in the note\'s namespace, reports what they leave and why a block failed, and deletes the cluster it made', async () => {
    const existed = clusters().includes('kubia-notes');
    const project = await fixtureProject({
      k: [
        block('run id=ns needs=kind', "kubectl config view --minify -o jsonpath='{..namespace}{\"\\n\"}'\nkubectl create service clusterip leaky --tcp=80:80"),
        block('run id=missing needs=kind', 'kubectl get pod does-not-exist'),
      ].join('\n\n'),
    });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /missing failed .*exited with 1/);
      assert.match(run.stderr, /--- kubectl get events -n kubia-notes-k/, 'a failed kind block carries events');
      assert.match(run.stderr, /left behind in Kubernetes namespace kubia-notes-k \(now removed\): Service\/leaky/);
      assert.equal(clusters().includes('kubia-notes'), existed, 'a cluster this run created is deleted again');
    } finally {
      await project.dispose();
    }
  });

  it('a note whose first block creates a pod passes: the session waits for the namespace\'s default ServiceAccount', async () => {
    // Three notes, three fresh namespaces, one cluster: each first block races the controller
    // that creates the ServiceAccount.
    const note = (n: number) =>
      [
        `\`\`\`yaml file=pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: first-${n}\nspec:\n  containers:\n  - name: main\n    image: busybox\n\`\`\``,
        block('run id=create needs=kind', 'kubectl create -f pod.yaml'),
        block('run id=tidy needs=kind cleanup', `kubectl delete pod first-${n} --wait=false`),
      ].join('\n\n');
    const project = await fixtureProject({ p1: note(1), p2: note(2), p3: note(3) });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 0, run.stderr);
      for (const n of [1, 2, 3]) assert.equal(JSON.parse(await project.recording(`p${n}`)).blocks.create.normalized, `pod/first-${n} created\n`);
    } finally {
      await project.dispose();
    }
  });

  it('credentials of a real cluster never reach the recording: kubeconfig as JSON and YAML, a token, a declared secret encoded', async () => {
    const project = await fixtureProject({
      c: [
        block('run id=json needs=kind', 'kubectl config view --raw -o json'),
        block('run id=yaml needs=kind', 'kubectl config view --raw'),
        block('run id=token needs=kind', 'kubectl create token default'),
        block('run id=declared secrets=F_TOKEN', 'echo "$F_TOKEN"; echo "$F_TOKEN" | base64; printf %s "$F_TOKEN" | xxd -p; echo "$F_TOKEN" | rev'),
      ].join('\n\n'),
    });
    const existed = clusters().includes('kubia-notes');
    try {
      // --keep: the test reads the cluster's real credentials afterwards to look for them.
      const run = await project.runWith({ env: { F_TOKEN: 'f-token-9c81d2e4b7a3' } }, '--update', '--keep');
      assert.equal(run.code, 0, run.stderr);
      const text = await project.recording('c');
      const kubeconfig = execFileSync('kind', ['get', 'kubeconfig', '--name', 'kubia-notes'], { encoding: 'utf8' });
      const keyData = /client-key-data: (\S+)/.exec(kubeconfig)?.[1] ?? '';
      assert.ok(keyData.length > 100, 'the cluster has a client key to leak');
      for (const leak of [keyData, /client-certificate-data: (\S+)/.exec(kubeconfig)?.[1] ?? 'x', /certificate-authority-data: (\S+)/.exec(kubeconfig)?.[1] ?? 'x']) {
        assert.ok(!text.includes(leak.slice(0, 40)), 'no kubeconfig credential in the recording');
      }
      assert.doesNotMatch(text, /eyJ[\w-]{10,}\.eyJ/, 'no JWT');
      assert.doesNotMatch(text, /BEGIN [A-Z ]*PRIVATE KEY/);
      for (const encoded of ['f-token-9c81d2e4b7a3', Buffer.from('f-token-9c81d2e4b7a3\n').toString('base64'), Buffer.from('f-token-9c81d2e4b7a3').toString('hex'), 'f-token-9c81d2e4b7a3'.split('').reverse().join('')]) {
        assert.ok(!text.includes(encoded), `the declared secret is masked (${encoded.slice(0, 6)}…)`);
        assert.ok(!run.stderr.includes(encoded), 'and not printed either');
      }
      const recording = JSON.parse(text);
      assert.match(recording.blocks.json.normalized, /"client-key-data": "⟨secret⟩"/, 'the JSON field stays, its value is masked');
      assert.match(recording.blocks.token.normalized, /^⟨secret⟩$/m);
    } finally {
      if (!existed && clusters().includes('kubia-notes')) await deleteKindCluster('kubia-notes', () => {});
      await project.dispose();
    }
  });

  it('the namespace of a run killed mid-note is removed by the next run, which says so', async () => {
    const existed = clusters().includes('kubia-notes');
    const victim = await fixtureProject({ killed: block('run id=wait needs=kind', 'kubectl create configmap marker --from-literal=a=b\nsleep 300') });
    const next = await fixtureProject({ other: block('run id=ok needs=kind', 'kubectl get configmap marker -n kubia-notes-killed -o name') });
    try {
      await victim.runWith({ signalAfterMs: 25_000, signal: 'SIGKILL' }, '--update');
      const namespaces = () => execFileSync('docker', ['exec', 'kubia-notes-control-plane', 'kubectl', '--kubeconfig', '/etc/kubernetes/admin.conf', 'get', 'namespace', 'kubia-notes-killed', '-o', 'jsonpath={.status.phase}', '--ignore-not-found'], { encoding: 'utf8' });
      assert.equal(namespaces(), 'Active', 'the killed run left its namespace');
      const run = await next.run('--update', '--keep');
      assert.match(run.stderr, /removed the Kubernetes namespace\(s\) of a dead run: kubia-notes-killed/);
      assert.match(namespaces(), /^(Terminating)?$/);
    } finally {
      if (!existed && clusters().includes('kubia-notes')) await deleteKindCluster('kubia-notes', () => {});
      await victim.dispose();
      await next.dispose();
    }
  });

  it('reports what a note leaves outside its namespace (a namespace, a node label) and removes both', async () => {
    const existed = clusters().includes('kubia-notes');
    const manifest = '```yaml file=other.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: elsewhere\n  namespace: kn-other\ndata:\n  a: b\n```';
    const project = await fixtureProject({
      o: [
        block('run id=ns needs=kind', 'kubectl create namespace kn-other >/dev/null && echo created'),
        manifest,
        block('run id=apply needs=kind', 'kubectl apply -f other.yaml'),
        block('run id=label needs=kind', 'kubectl label node kubia-notes-control-plane kn-mark=yes >/dev/null && echo labelled'),
      ].join('\n\n'),
    });
    const inNode = (...args: string[]) => execFileSync('docker', ['exec', 'kubia-notes-control-plane', 'kubectl', '--kubeconfig', '/etc/kubernetes/admin.conf', ...args], { encoding: 'utf8' });
    try {
      const run = await project.run('--update', '--keep');
      assert.equal(run.code, 1, 'leftovers fail the run');
      assert.match(run.stderr, /left behind outside the note's namespace .*Namespace\/kn-other/);
      assert.match(run.stderr, /node kubia-notes-control-plane kn-mark=yes/);
      assert.match(inNode('get', 'namespace', 'kn-other', '-o', 'jsonpath={.status.phase}', '--ignore-not-found'), /^(Terminating)?$/, 'the namespace is gone or going');
      assert.equal(inNode('get', 'node', 'kubia-notes-control-plane', '-o', 'jsonpath={.metadata.labels.kn-mark}'), '', 'the label is removed');
    } finally {
      if (!existed && clusters().includes('kubia-notes')) await deleteKindCluster('kubia-notes', () => {});
      await project.dispose();
    }
  });

  it('--context runs the kind blocks on an existing cluster under another name, and the recording names it', async () => {
    const kubeconfig = join(tmpdir(), `kn-context-${process.pid}.yaml`);
    // The kind config the runner would use (the offline one where setup wrote it down).
    const kindConfig = toolEnvironment(process.env).KUBIA_NOTES_KIND_CONFIG;
    const config = kindConfig ? ['--config', kindConfig] : [];
    execFileSync('kind', ['create', 'cluster', '--name', 'kn-context', '--kubeconfig', kubeconfig, ...config, '--wait', '120s'], { stdio: 'ignore', timeout: 240_000 });
    const project = await fixtureProject({ c: block('run id=nodes needs=kind', "kubectl get nodes -o jsonpath='{.items[0].metadata.name}{\"\\n\"}'") });
    try {
      const run = await project.runWith({ env: { KUBECONFIG: kubeconfig } }, '--update', '--context', 'kind-kn-context');
      assert.equal(run.code, 0, run.stderr);
      const recording = JSON.parse(await project.recording('c')).blocks.nodes;
      assert.equal(recording.normalized, 'kn-context-control-plane\n', 'the blocks ran on that cluster');
      assert.equal(recording.environment.kubernetes.context, 'kind-kn-context');
      assert.ok(clusters().includes('kn-context'), 'a cluster the run did not make is left alone');
    } finally {
      await deleteKindCluster('kn-context', () => {});
      rmSync(kubeconfig, { force: true });
      await project.dispose();
    }
  });
});
