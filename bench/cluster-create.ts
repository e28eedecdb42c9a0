// How long the runner takes to make its kind cluster, from `kind create cluster` until every
// node is Ready: the same function the runner calls (scripts/lib/kubernetes/kind-cluster.ts), so the route
// network of the offline config is measured with it. The cluster gets a name of its own
// (kubia-notes-bench) and is deleted after each round.
// Run: npm run bench:cluster   (BENCH_ROUNDS=5 for more rounds; the config is the runner's:
// KUBIA_NOTES_KIND_CONFIG, else setup's env file, else scripts/kind/cluster.yaml)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKindCluster, type ClusterTimings } from '../scripts/lib/kubernetes/kind-cluster.ts';
import { deleteKindCluster } from '../scripts/lib/kubernetes/kind-delete.ts';
import { toolEnvironment } from '../scripts/lib/cli/tool-path.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const NAME = 'kubia-notes-bench';
const TARGET_S = 25;

Object.assign(process.env, toolEnvironment(process.env));
const config = process.env.KUBIA_NOTES_KIND_CONFIG ?? fileURLToPath(new URL('../scripts/kind/cluster.yaml', import.meta.url));
const s = (ms: number | undefined) => (ms === undefined ? '   -  ' : `${(ms / 1000).toFixed(2).padStart(6)} s`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const dir = mkdtempSync(join(tmpdir(), 'kn-bench-cluster-'));
const rounds: ClusterTimings[] = [];
try {
  console.log(`config: ${config}`);
  for (let round = 1; round <= ROUNDS; round++) {
    await deleteKindCluster(NAME, () => {});
    const timings = await createKindCluster({ name: NAME, config, kubeconfig: join(dir, `kubeconfig-${round}`), log: () => {} });
    rounds.push(timings);
    console.log(`round ${round}: kind create ${s(timings.createMs)}, network ${s(timings.networkMs)}, all nodes Ready ${s(timings.readyMs)}`);
    await deleteKindCluster(NAME, () => {});
  }
} finally {
  await deleteKindCluster(NAME, () => {});
  rmSync(dir, { recursive: true, force: true });
}
const ready = median(rounds.map((r) => r.readyMs));
console.log(`cluster creation until every node is Ready (median of ${rounds.length} rounds)`);
console.log(`  kind create cluster  ${s(median(rounds.map((r) => r.createMs)))}`);
if (rounds.some((r) => r.networkMs !== undefined)) console.log(`  route network        ${s(median(rounds.map((r) => r.networkMs ?? 0)))}`);
console.log(`  all nodes Ready      ${s(ready)}`);
console.log(`target: <= ${TARGET_S} s → ${ready / 1000 <= TARGET_S ? 'met' : 'not met'}`);
