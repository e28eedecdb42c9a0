// One kind cluster for the tests of a file that only need *a* cluster, not its life cycle: made
// once by the runner itself (a one-block note run with --keep: its config, parts and taint removal,
// as every run does it), reused by each test's run as a cluster that existed before it, and
// deleted after the last test, failed or not. Tests of crashes, takeover and "deletes the cluster
// it made" keep making their own.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { deleteKindCluster } from '../../scripts/lib/kubernetes/kind-delete.ts';
import { fence } from './blocks.ts';
import { clusters } from './kind.ts';
import { fixtureProject } from './project.ts';

const CLUSTER = 'kubia-notes';

/**
 * Registers the hooks in the calling `describe`. A cluster that was there before (the user's) is
 * used and left as it is; one made here is deleted in `after`, which runs even when a test failed.
 */
export function sharedCluster(): void {
  let made = false;
  before(async () => {
    if (clusters().includes(CLUSTER)) return;
    const project = await fixtureProject({ up: fence('run id=up needs=kind', 'kubectl get namespace default -o name') });
    try {
      made = true; // from here on a half-made cluster is ours to delete too
      const run = await project.run('--update', '--keep');
      assert.equal(run.code, 0, `the run that makes the shared cluster failed:\n${run.stderr}`);
      assert.ok(clusters().includes(CLUSTER), 'the --keep run left its cluster');
    } finally {
      await project.dispose();
    }
  }, { timeout: 600_000 });
  after(async () => {
    if (made && clusters().includes(CLUSTER)) await deleteKindCluster(CLUSTER, () => {});
  }, { timeout: 300_000 });
}
