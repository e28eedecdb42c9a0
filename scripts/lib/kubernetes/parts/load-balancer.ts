// The cluster's load balancer: MetalLB in L2 mode, so that a `type: LoadBalancer` Service gets an
// EXTERNAL-IP, as on the book's GKE cluster, and the host reaches it (an address on kind's Docker
// network, address-pool.ts). MetalLB's own published manifest (manifests/, verbatim) at the pinned
// version (scripts/pinned-environment.json), plus one IPAddressPool and one L2Advertisement.
//
// Life cycle: everything it makes lives in the cluster (namespace metallb-system, its CRDs, webhook
// and cluster roles, the pool), so deleting the cluster removes all of it, after a crash too (the
// next run takes the cluster over and deletes it, cluster-claim.ts): the sweep has nothing to do.
// Only MetalLB's images stay in Docker when they were built here (scripts/airgap/metallb/images.sh):
// a cache, by design. Reused while its inputs match (the manifest, the pool, the images' IDs,
// recorded in a ConfigMap beside it); applied again otherwise.
// Images: when Docker here has them (built on a machine without a registry) they are loaded into
// the nodes; otherwise the nodes pull the published images by their pinned digests (published-images.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execBounded, type CommandOutput } from '../../core/exec.ts';
import { runnerTempDir } from '../../core/temp-dirs.ts';
import { SetupError } from '../../core/user-error.ts';
import { kindAddressPool, type AddressPool } from './address-pool.ts';
import { pinnedDigestOf, withManifestForNodes } from './published-images.ts';

export const METALLB_MANIFEST = fileURLToPath(new URL('./manifests/metallb-native.yaml', import.meta.url));
export const METALLB_NAMESPACE = 'metallb-system';
/** The ConfigMap that records the inputs the installed load balancer was made from. */
const STATE_CONFIGMAP = 'kubia-notes-load-balancer';
const POOL_NAME = 'kubia-notes';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const said = (result: CommandOutput) => (result.stderr || result.stdout).trim().split('\n').slice(-4).join('\n');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The images a manifest names (`image: …` lines), each once, in order. */
export function manifestImages(manifest: string): string[] {
  return [...new Set([...manifest.matchAll(/^\s*(?:-\s+)?image:\s*["']?([^\s"']+)/gm)].map((match) => match[1] as string))];
}

/** The IPAddressPool and L2Advertisement of `pool`, as YAML for `kubectl apply`. */
export function poolManifest(pool: AddressPool): string {
  return [
    'apiVersion: metallb.io/v1beta1',
    'kind: IPAddressPool',
    `metadata: {name: ${POOL_NAME}, namespace: ${METALLB_NAMESPACE}}`,
    `spec: {addresses: ["${pool.first}-${pool.last}"]}`,
    '---',
    'apiVersion: metallb.io/v1beta1',
    'kind: L2Advertisement',
    `metadata: {name: ${POOL_NAME}, namespace: ${METALLB_NAMESPACE}}`,
    `spec: {ipAddressPools: [${POOL_NAME}]}`,
    '',
  ].join('\n');
}

interface LoadBalancerTarget {
  /** The kind cluster, whose nodes get the images. */
  cluster: string;
  kubeconfig: string;
  log: (line: string) => void;
}

/** MetalLB running in the cluster with a pool on kind's network; reused when its inputs match. */
export async function ensureLoadBalancer(target: LoadBalancerTarget): Promise<void> {
  const started = Date.now();
  const kubectl = (args: string[], timeoutMs = 60_000) => execBounded('kubectl', ['--kubeconfig', target.kubeconfig, ...args], { timeoutMs });
  const fail = (message: string, hint: string): never => {
    throw new SetupError(`the load balancer (MetalLB) of kind cluster ${target.cluster}: ${message}`, hint);
  };
  const manifest = readFileSync(METALLB_MANIFEST, 'utf8');
  const pool = await kindAddressPool();
  const poolYaml = poolManifest(pool);
  const images = await Promise.all(manifestImages(manifest).map(async (image) => ({ image, id: (await execBounded('docker', ['image', 'inspect', '-f', '{{.Id}}', image], { timeoutMs: 30_000 })).stdout.trim() })));
  const key = createHash('sha256').update(manifest).update(poolYaml).update(images.map((i) => `${i.image}=${i.id || pinnedDigestOf(i.image)}`).join('\n')).digest('hex').slice(0, 16);
  const range = `${pool.first}-${pool.last}`;

  const recorded = await kubectl(['get', 'configmap', '-n', METALLB_NAMESPACE, STATE_CONFIGMAP, '-o', 'jsonpath={.data.inputs}'], 20_000);
  if (recorded.exitCode === 0 && recorded.stdout.trim() === key && (await workloadsReady(kubectl, 20_000)) === undefined) {
    target.log(`load balancer MetalLB: reused (pool ${range}, inputs ${key}; ${seconds(Date.now() - started)})`);
    return;
  }

  const local = images.filter((i) => i.id).map((i) => i.image);
  const missing = images.filter((i) => !i.id).map((i) => i.image);
  const imagesHint = missing.length
    ? `the nodes pull ${missing.join(', ')}; without a container registry build them first with \`bash scripts/airgap/metallb/images.sh\` (npm run setup does)`
    : '`kubectl -n metallb-system describe pods` says why';
  if (local.length) {
    // kind skips a node that already holds the image, so a reinstall loads nothing twice.
    const load = await execBounded('kind', ['load', 'docker-image', '--name', target.cluster, ...local], { timeoutMs: 300_000 });
    if (load.exitCode !== 0) fail(`its images could not be loaded into the nodes: ${said(load)}`, 'check `docker image ls quay.io/metallb/*` and the nodes (`kind get nodes`)');
  }
  // Server-side: MetalLB's CRDs are larger than the annotation a client-side apply keeps.
  const apply = await withManifestForNodes(METALLB_MANIFEST, missing, (file) => kubectl(['apply', '--server-side', '--force-conflicts', '-f', file], 120_000));
  if (apply.exitCode !== 0) fail(`its manifest ${METALLB_MANIFEST} was not applied: ${said(apply)}`, 'see the kubectl error above');

  const notReady = await workloadsReady(kubectl, 180_000);
  if (notReady !== undefined) {
    const pods = await kubectl(['get', 'pods', '-n', METALLB_NAMESPACE, '-o', 'wide'], 20_000);
    fail(`${notReady} within 180 s:\n${pods.stdout.trim() || said(pods)}`, imagesHint);
  }

  // The pool goes through MetalLB's validating webhook, which answers a few seconds after the
  // controller is Ready (its serving certificate is written by the controller itself): retried, bounded.
  const dir = await runnerTempDir('load-balancer');
  try {
    const poolFile = join(dir, 'pool.yaml');
    await writeFile(poolFile, poolYaml);
    const deadline = Date.now() + 120_000;
    for (let attempt = 1; ; attempt++) {
      const applied = await kubectl(['apply', '-f', poolFile], 30_000);
      if (applied.exitCode === 0) break;
      if (Date.now() > deadline) fail(`the address pool ${range} was refused for 120 s (${attempt} tries; MetalLB's webhook must answer first): ${said(applied)}`, '`kubectl -n metallb-system logs deploy/controller` says why the webhook does not answer');
      await sleep(2_000);
    }
    // Recorded last: an install cut short is never taken for a finished one.
    const stateFile = join(dir, 'state.yaml');
    await writeFile(stateFile, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${STATE_CONFIGMAP}, namespace: ${METALLB_NAMESPACE}}\ndata: {inputs: "${key}", pool: "${range}"}\n`);
    const state = await kubectl(['apply', '-f', stateFile], 30_000);
    if (state.exitCode !== 0) fail(`its inputs could not be recorded: ${said(state)}`, 'see the kubectl error above');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const how = local.length ? `images loaded from this machine's Docker` : 'images pulled by the nodes';
  target.log(`load balancer MetalLB: pool ${range} on kind's network ${pool.subnet} (${how}; ${seconds(Date.now() - started)})`);
}

/** undefined when MetalLB's controller and every speaker are Ready within `timeoutMs`; else what is not. */
async function workloadsReady(kubectl: (args: string[], timeoutMs?: number) => Promise<CommandOutput>, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (const workload of ['deployment/controller', 'daemonset/speaker']) {
    const left = Math.max(1, Math.round((deadline - Date.now()) / 1000));
    const status = await kubectl(['rollout', 'status', '-n', METALLB_NAMESPACE, workload, `--timeout=${left}s`], left * 1000 + 15_000);
    if (status.exitCode !== 0) return `${workload} is not Ready (${said(status).split('\n').at(-1)})`;
  }
  return undefined;
}
