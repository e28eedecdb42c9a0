// Rot apart from drift, for real: a note recorded on the pinned Kubernetes and checked on
// another minor built the same way (v1.33.13; .ci/run builds it). Run where kind is set up.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fence } from '../support/blocks.ts';
import { fixtureProject } from '../support/project.ts';
import { deleteKindCluster } from '../../scripts/lib/kubernetes/kind-delete.ts';

const OTHER = 'v1.33.13';
const otherImage = `kubia-notes/kind-node:${OTHER}`;
const has = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const ready = has('docker', ['image', 'inspect', otherImage]) && Boolean(process.env.KUBIA_NOTES_KIND_CONFIG);

// CI never skips it: .ci/run builds the image while the other tests run, then runs this suite alone
// (so the check is in the test, not at load, where the first pass would trip on the missing image).
describe('another environment: drift and rot apart', { skip: !ready && !process.env.CI && `needs ${otherImage} and the offline kind config` }, () => {
  it('records on the pinned Kubernetes, then on v1.33 reports the environment, a drift and a rot, and writes results beside the recording', async () => {
    assert.ok(ready, `CI without ${otherImage} or KUBIA_NOTES_KIND_CONFIG: .ci/run builds both`);
    const project = await fixtureProject({
      n: [
        fence('run id=kubelet needs=kind', "kubectl get nodes -o jsonpath='{.items[0].status.nodeInfo.kubeletVersion}{\"\\n\"}'"),
        fence('run id=same needs=kind', 'kubectl get namespace default -o name'),
        // resource.k8s.io/v1 (DRA) is GA in 1.34; Kubernetes 1.33 does not serve it.
        fence('run id=device-classes needs=kind', 'kubectl get deviceclasses.v1.resource.k8s.io'),
      ].join('\n\n'),
    });
    const otherConfig = `${project.root}/kind-${OTHER}.yaml`;
    writeFileSync(otherConfig, readFileSync(process.env.KUBIA_NOTES_KIND_CONFIG as string, 'utf8').replace(/image: kubia-notes\/kind-node:\S+/g, `image: ${otherImage}`));
    try {
      const record = await project.run('--update');
      assert.equal(record.code, 0, record.stderr);
      const recording = await project.recording('n');
      const other = await project.runWith({ env: { KUBIA_NOTES_ENV_KIND_CONFIG: otherConfig } }, '--env', 'older', '--reporter', 'json', '--report-file', `${project.root}/report.json`);
      assert.equal(other.code, 1, `--fail-on rot is the default with --env, and a command rotted:\n${other.stderr}`);
      assert.match(other.stderr, new RegExp(`recorded on Kubernetes v1\\.34\\.\\d+ \\(kubectl v1\\.34\\.\\d+\\)[^;]*; running on Kubernetes ${OTHER.replace(/\./g, '\\.')}`));
      assert.match(other.stderr, /kubelet drift/);
      assert.match(other.stderr, /device-classes rot .*exited with 1, expected 0: the server doesn't have a resource type "deviceclasses"/);
      assert.match(other.stderr, /same passed/);
      const results = JSON.parse(readFileSync(`${project.root}/content/outputs/n.older.json`, 'utf8'));
      assert.equal(results.environment.kubernetes.server, OTHER);
      assert.deepEqual(Object.fromEntries(Object.entries(results.blocks).map(([k, v]) => [k, (v as { verdict: string }).verdict])), { kubelet: 'drift', 'device-classes': 'rot', same: 'passed' });
      assert.match(results.blocks.kubelet.diff, new RegExp(`\\+${OTHER.replace(/\./g, '\\.')}`));
      assert.equal(await project.recording('n'), recording, 'the pinned recording is never touched');
      const drifted = await project.runWith({ env: { KUBIA_NOTES_ENV_KIND_CONFIG: otherConfig } }, '--env', 'older', '--block', 'kubelet', '--block', 'same');
      assert.equal(drifted.code, 0, `drift alone does not fail --fail-on rot:\n${drifted.stderr}`);
    } finally {
      await deleteKindCluster('kubia-notes-older', () => {});
      await project.dispose();
    }
  });
});
