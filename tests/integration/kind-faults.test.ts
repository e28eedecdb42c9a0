// The cluster side when things go wrong, for real: a run killed while it makes the cluster or
// while it pushes a book image, the mirror's storage deleted under a kept cluster, a cluster
// deleted by hand beside one of the user's, a container named like the mirror that is not ours.
// Each ends repaired and said, or in an error with a hint; nothing stays behind.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { fence } from '../support/blocks.ts';
import { claimsOf, clusters, kindReady, mirrorExists } from '../support/kind.ts';
import { fixtureProject } from '../support/project.ts';
import { kindConfigNeedsOf } from '../../scripts/lib/kubernetes/kind-config.ts';
import { deleteKindCluster } from '../../scripts/lib/kubernetes/kind-delete.ts';
import { toolEnvironment } from '../../scripts/lib/cli/tool-path.ts';
import { skipUnlessCI } from '../support/engine.ts';

const CLUSTER = 'kubia-notes';
const kindConfig = toolEnvironment(process.env).KUBIA_NOTES_KIND_CONFIG;
const mirrored = kindReady && kindConfig !== undefined && kindConfigNeedsOf(kindConfig).bookMirror;
const noMirror = !mirrored && 'the kind config has no book-image mirror (only the offline one has)';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    assert.ok(Date.now() < deadline, what);
    await sleep(100);
  }
}
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const nodeContainers = () => docker('ps', '-aq', '--filter', `label=io.x-k8s.kind.cluster=${CLUSTER}`);
/** Local tags of book-image builds (book-mirror.ts pushes `127.0.0.1:<port>/luksa/kubia`, then removes it). */
const bookImageBuilds = () => docker('images', '--format', '{{.Repository}}:{{.Tag}}').split('\n').filter((ref) => ref.startsWith('127.0.0.1:'));
const tempDirsOf = (pid: number) => readdirSync(tmpdir()).filter((name) => name.startsWith('kubia-notes-') && name.includes(`.${pid}.`));
/** The week 2 pod of the book, pulling `luksa/kubia` through the mirror. */
const podNote = [
  '```yaml file=pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  name: kubia-manual\nspec:\n  containers:\n  - image: luksa/kubia\n    name: kubia\n```',
  fence('run id=create needs=kind', 'kubectl create -f pod.yaml'),
  fence('run id=answer needs=kind retry=120s until=/hit/', 'kubectl exec kubia-manual -- curl -s http://localhost:8080'),
  fence('run id=tidy needs=kind cleanup', 'kubectl delete pod kubia-manual --ignore-not-found --wait=false'),
].join('\n\n');
const namespaceNote = fence('run id=ns needs=kind', 'kubectl get namespace default -o name');

/** Removes what a failed test may have left: the project's cluster (with the mirror) and the claim. */
async function leaveNoCluster(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (clusters().includes(CLUSTER)) await deleteKindCluster(CLUSTER, () => {});
  for (const claim of claimsOf(CLUSTER, env)) await rm(claim, { force: true });
}

describe('the cluster side under faults', { skip: skipUnlessCI(!kindReady && 'kind or kubectl is not installed here') }, () => {
  it('a run killed while kind makes its cluster: the next run ends the orphaned `kind create`, takes the cluster over and deletes it at its end', { timeout: 300_000 }, async (t) => {
    if (clusters().includes(CLUSTER)) return t.skip(`a ${CLUSTER} cluster exists here: the run would not make one`);
    const project = await fixtureProject({ k: namespaceNote });
    try {
      let pid = 0;
      const victim = project.runWith({ onStart: (started) => (pid = started) }, '--update');
      await until(() => nodeContainers() !== '', 120_000, 'kind never started a node');
      process.kill(pid, 'SIGKILL');
      await victim;
      assert.equal(claimsOf(CLUSTER).length, 1, 'the killed run had claimed the cluster it was making');
      const next = await project.run('--update');
      assert.equal(next.code, 0, next.stderr);
      assert.match(next.stderr, /killed \d+ process\(es\) of a dead run/, 'its `kind create` is ended before the cluster is touched');
      assert.match(next.stderr, new RegExp(`kind cluster ${CLUSTER} was made by a run that was killed \\(pid ${pid}\\) before it could delete it: this run takes it over`));
      assert.match(next.stderr, new RegExp(`deleting kind cluster ${CLUSTER} \\(this run created it`), 'half made, so made again, and deleted at the end');
      assert.ok(!clusters().includes(CLUSTER), 'no cluster left');
      assert.deepEqual(claimsOf(CLUSTER), [], 'no claim left');
      if (clusters().length === 0) assert.ok(!mirrorExists(), 'no mirror left');
    } finally {
      await leaveNoCluster();
      await project.dispose();
    }
  });

  it('a run killed while it builds and pushes a book image: the next run removes its build, temp dir and processes, takes the cluster over and pushes again', { timeout: 300_000, skip: noMirror }, async (t) => {
    if (clusters().includes(CLUSTER)) return t.skip(`a ${CLUSTER} cluster exists here: the run would not make one`);
    // An empty mirror storage of the test's own: the images are built and pushed.
    const cache = await mkdtemp(join(tmpdir(), 'kn-mirror-cache-'));
    const env = { XDG_CACHE_HOME: cache, KUBIA_NOTES_KIND_CONFIG: kindConfig };
    const project = await fixtureProject({ k: namespaceNote });
    try {
      let pid = 0;
      const victim = project.runWith({ env, onStart: (started) => (pid = started) }, '--update');
      await until(() => pid > 0 && tempDirsOf(pid).some((name) => name.startsWith('kubia-notes-book-image.')), 200_000, 'the run never started to build a book image');
      // Killed with the build pushed, or at the latest 3 s into building it.
      const building = Date.now();
      await until(() => bookImageBuilds().length > 0 || Date.now() - building > 3_000, 10_000, 'unreachable');
      process.kill(pid, 'SIGKILL');
      await victim;
      const next = await project.runWith({ env }, '--update');
      assert.equal(next.code, 0, next.stderr);
      assert.match(next.stderr, /removed \d+ temp dir\(s\) of a dead run: [^\n]*kubia-notes-book-image\./);
      assert.match(next.stderr, /this run takes it over/);
      assert.match(next.stderr, /docker\.io mirror kubia-notes-mirror: luksa\/kubia:latest built/, 'the image is pushed again');
      assert.deepEqual(bookImageBuilds(), [], 'no local build left');
      assert.deepEqual(tempDirsOf(pid), [], 'no temp dir of the killed run left');
      assert.ok(!clusters().includes(CLUSTER), 'no cluster left');
      assert.deepEqual(claimsOf(CLUSTER, env), [], 'no claim left');
      if (clusters().length === 0) assert.ok(!mirrorExists(), 'no mirror left');
    } finally {
      await leaveNoCluster(env);
      await project.dispose();
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('a kept cluster whose mirror lost its storage is repaired; deleted by hand beside a cluster of the user\'s, the mirror goes at the next run', { timeout: 400_000, skip: noMirror }, async (t) => {
    if (clusters().some((name) => name === CLUSTER || name === 'kn-user')) return t.skip(`a ${CLUSTER} or kn-user cluster exists here`);
    const cache = await mkdtemp(join(tmpdir(), 'kn-mirror-cache-'));
    const env = { XDG_CACHE_HOME: cache, KUBIA_NOTES_KIND_CONFIG: kindConfig };
    const project = await fixtureProject({ p: podNote });
    const dockerOnly = await fixtureProject({ d: fence('run id=hi needs=docker', 'echo hi') });
    // The user's own cluster: one node of the offline config, without the mirror in its containerd config.
    const offline = parse(readFileSync(kindConfig as string, 'utf8')) as { nodes: unknown[]; containerdConfigPatches: string[] };
    const userConfig = join(cache, 'user.yaml');
    await writeFile(userConfig, stringify({ ...offline, nodes: offline.nodes.slice(0, 1), containerdConfigPatches: offline.containerdConfigPatches.filter((patch) => !patch.includes('kubia-notes-mirror')) }));
    try {
      const first = await project.runWith({ env }, '--update', '--keep');
      assert.equal(first.code, 0, first.stderr);
      await rm(join(cache, 'kubia-notes', 'mirror'), { recursive: true, force: true });
      const second = await project.runWith({ env }, '--keep');
      assert.equal(second.code, 0, `the pod pulls luksa/kubia again:\n${second.stderr}`);
      assert.match(second.stderr, /replaced the docker\.io mirror kubia-notes-mirror: its storage \S+ was removed or replaced under it/);
      assert.match(second.stderr, /luksa\/kubia:latest built/);

      execFileSync('kind', ['create', 'cluster', '--name', 'kn-user', '--config', userConfig], { stdio: 'ignore' });
      execFileSync('kind', ['delete', 'cluster', '--name', CLUSTER], { stdio: 'ignore' });
      assert.ok(mirrorExists(), 'kind delete by hand leaves the mirror');
      const third = await dockerOnly.run('--update');
      assert.equal(third.code, 0, third.stderr);
      assert.match(third.stderr, /removed the docker\.io mirror kubia-notes-mirror: no kind cluster uses it any more/);
      assert.ok(!mirrorExists(), 'the user\'s cluster does not keep it');
      assert.ok(clusters().includes('kn-user'), 'and is left alone');
    } finally {
      if (clusters().includes('kn-user')) execFileSync('kind', ['delete', 'cluster', '--name', 'kn-user'], { stdio: 'ignore' });
      await leaveNoCluster(env);
      await project.dispose();
      await dockerOnly.dispose();
      await rm(cache, { recursive: true, force: true });
    }
  });

  it('a container named kubia-notes-mirror that verify-notes did not make: an error with a hint before any cluster is made, and the container is never removed', { skip: noMirror }, async (t) => {
    if (mirrorExists()) return t.skip('a kubia-notes-mirror container exists here');
    const project = await fixtureProject({ k: namespaceNote });
    const dockerOnly = await fixtureProject({ d: fence('run id=hi needs=docker', 'echo hi') });
    docker('run', '-d', '--name', 'kubia-notes-mirror', 'busybox', 'sleep', '300');
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 4, run.stderr);
      assert.match(run.stderr, /the book-image mirror \(kubia-notes-mirror\): a container of that name exists that verify-notes did not make/);
      assert.match(run.stderr, /hint: .*docker rename kubia-notes-mirror <other name>/);
      assert.doesNotMatch(run.stderr, /creating kind cluster/, 'found before a cluster is made for nothing');
      // The sweep at every run start removes an unused mirror: never this one.
      assert.equal((await dockerOnly.run('--update')).code, 0);
      assert.equal(docker('container', 'inspect', '-f', '{{.State.Running}}', 'kubia-notes-mirror'), 'true', 'the container is left alone');
    } finally {
      docker('rm', '-f', 'kubia-notes-mirror');
      await project.dispose();
      await dockerOnly.dispose();
    }
  });
});
