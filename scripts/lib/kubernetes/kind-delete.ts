import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { $ } from 'zx';
import { removeUnusedBookMirror } from '../docker/mirror-container.ts';

const quiet = $({ quiet: true, nothrow: true, timeout: '120s' });
const FREEZER = '/sys/fs/cgroup/freezer/docker';

/** Every cgroup below `dir` (itself included) whose freezer says FROZEN. */
async function frozenBelow(dir: string): Promise<string[]> {
  const found: string[] = [];
  const state = await readFile(join(dir, 'freezer.state'), 'utf8').catch(() => '');
  if (state.trim() === 'FROZEN') found.push(dir);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) found.push(...(await frozenBelow(join(dir, entry.name))));
  return found;
}

/**
 * On cgroup v1 hosts, a pod container torn down while it was being created can stay in a
 * FROZEN freezer cgroup inside the kind node: its `runc init` sleeps uninterruptibly, Docker
 * cannot kill the node ("did not receive an exit event") and the cluster cannot be deleted.
 * Thawing those cgroups lets the kill through. Nothing to do on cgroup v2 (no such tree).
 */
export async function thawKindNodes(cluster: string): Promise<number> {
  const ids = (await quiet`docker ps -aq --no-trunc --filter ${`label=io.x-k8s.kind.cluster=${cluster}`}`).stdout.split('\n').filter(Boolean);
  let thawed = 0;
  for (const id of ids) {
    for (const dir of await frozenBelow(join(FREEZER, id))) {
      await writeFile(join(dir, 'freezer.state'), 'THAWED').then(() => thawed++, () => undefined);
    }
  }
  return thawed;
}

/** `kind delete cluster`, after thawing what would block it; a second try if the first fails. */
export async function deleteKindCluster(cluster: string, log: (line: string) => void): Promise<boolean> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    const thawed = await thawKindNodes(cluster);
    if (thawed) log(`thawed ${thawed} frozen container cgroup(s) in the nodes of ${cluster} so that they can be removed`);
    const result = await quiet`kind delete cluster --name ${cluster}`;
    if (result.exitCode === 0) {
      // The book-image mirror goes with the last cluster that uses it: nothing of a run stays behind.
      const removed = await removeUnusedBookMirror();
      if (removed) log(removed);
      return true;
    }
    if (attempt === 2) log(`kind could not delete cluster ${cluster}: ${(result.stderr || result.stdout).trim().split('\n').at(-1)}; remove it with \`kind delete cluster --name ${cluster}\``);
  }
  return false;
}
