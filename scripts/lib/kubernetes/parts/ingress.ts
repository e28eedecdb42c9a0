// The cluster's ingress controller: Traefik with its Kubernetes Ingress provider, so that an
// Ingress (networking.k8s.io/v1) answers on one address the host reaches, as the book's GKE
// cluster's does. Its Service is `type: LoadBalancer`: the address comes from the load balancer
// (load-balancer.ts), installed beside it (index.ts): the Service waits for it. Each Ingress's ADDRESS
// is that address (Traefik's published service). The default IngressClass `traefik`: an Ingress
// that names no class, as the book's does not, is Traefik's. HTTP on the Service's port 80, HTTPS on
// 443: an Ingress's `tls:` secret is served there for its host names (SNI), as the book's 5.4.4 does.
//
// Life cycle as the load balancer's: everything lives in the cluster (namespace traefik, the
// IngressClass, the cluster role and binding), so deleting the cluster removes all of it, after a
// crash too (the next run takes the cluster over and deletes it): the sweep has nothing to do. Only
// Traefik's image stays in Docker when it was built here (scripts/airgap/traefik/images.sh): a
// cache. Reused while its inputs match (the manifest, the image's ID, recorded in a ConfigMap
// beside it); applied again otherwise. Images: loaded into the nodes when Docker here has them,
// else pulled by the nodes (the published traefik image, by its pinned digest: published-images.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execBounded, type CommandOutput } from '../../core/exec.ts';
import { runnerTempDir } from '../../core/temp-dirs.ts';
import { SetupError } from '../../core/user-error.ts';
import { manifestImages } from './load-balancer.ts';
import { pinnedDigestOf, withManifestForNodes } from './published-images.ts';

export const INGRESS_MANIFEST = fileURLToPath(new URL('./manifests/traefik.yaml', import.meta.url));
export const INGRESS_NAMESPACE = 'traefik';
/** The controller's Service, whose EXTERNAL-IP every Ingress answers on. */
export const INGRESS_SERVICE = 'traefik';
/** The ConfigMap that records the inputs the installed controller was made from. */
const STATE_CONFIGMAP = 'kubia-notes-ingress';
const READY_S = 180;
// The load balancer installs beside it (index.ts): its address comes once MetalLB's pool is in,
// which may take MetalLB's own bounded waits (rollout, then its webhook).
const ADDRESS_S = 240;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const said = (result: CommandOutput) => (result.stderr || result.stdout).trim().split('\n').slice(-4).join('\n');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface IngressTarget {
  /** The kind cluster, whose nodes get the image. */
  cluster: string;
  kubeconfig: string;
  log: (line: string) => void;
  /** Aborted when the load balancer failed: the address it would give never comes, stop waiting. */
  signal?: AbortSignal;
}

type Kubectl = (args: string[], timeoutMs?: number) => Promise<CommandOutput>;

/** Traefik running in the cluster behind a LoadBalancer address; reused when its inputs match. */
export async function ensureIngress(target: IngressTarget): Promise<void> {
  const started = Date.now();
  const kubectl: Kubectl = (args, timeoutMs = 60_000) => execBounded('kubectl', ['--kubeconfig', target.kubeconfig, ...args], { timeoutMs, ...(target.signal ? { signal: target.signal } : {}) });
  const fail = (message: string, hint: string): never => {
    throw new SetupError(`the ingress controller (Traefik) of kind cluster ${target.cluster}: ${message}`, hint);
  };
  const manifest = readFileSync(INGRESS_MANIFEST, 'utf8');
  const images = await Promise.all(manifestImages(manifest).map(async (image) => ({ image, id: (await execBounded('docker', ['image', 'inspect', '-f', '{{.Id}}', image], { timeoutMs: 30_000 })).stdout.trim() })));
  const key = createHash('sha256').update(manifest).update(images.map((i) => `${i.image}=${i.id || pinnedDigestOf(i.image)}`).join('\n')).digest('hex').slice(0, 16);

  const recorded = await kubectl(['get', 'configmap', '-n', INGRESS_NAMESPACE, STATE_CONFIGMAP, '-o', 'jsonpath={.data.inputs}'], 20_000);
  if (recorded.exitCode === 0 && recorded.stdout.trim() === key && (await controllerReady(kubectl, 20_000)) === undefined) {
    const address = await serviceAddress(kubectl, 10_000);
    if (address) {
      target.log(`ingress controller Traefik: reused (http://${address}, inputs ${key}; ${seconds(Date.now() - started)})`);
      return;
    }
  }

  const local = images.filter((i) => i.id).map((i) => i.image);
  const missing = images.filter((i) => !i.id).map((i) => i.image);
  if (local.length) {
    // kind skips a node that already holds the image, so a reinstall loads nothing twice.
    const load = await execBounded('kind', ['load', 'docker-image', '--name', target.cluster, ...local], { timeoutMs: 300_000 });
    if (load.exitCode !== 0) fail(`its image could not be loaded into the nodes: ${said(load)}`, `check \`docker image ls ${local.join(' ')}\` and the nodes (\`kind get nodes --name ${target.cluster}\`)`);
  }
  const apply = await withManifestForNodes(INGRESS_MANIFEST, missing, (file) => kubectl(['apply', '--server-side', '--force-conflicts', '-f', file], 120_000));
  if (apply.exitCode !== 0) fail(`its manifest ${INGRESS_MANIFEST} was not applied: ${said(apply)}`, 'see the kubectl error above');

  const notReady = await controllerReady(kubectl, READY_S * 1000);
  if (notReady !== undefined) {
    const pods = await kubectl(['get', 'pods', '-n', INGRESS_NAMESPACE, '-o', 'wide'], 20_000);
    const hint = missing.length
      ? `the nodes pull ${missing.join(', ')}; without a container registry build it first with \`bash scripts/airgap/traefik/images.sh\` (npm run setup does)`
      : `\`kubectl -n ${INGRESS_NAMESPACE} describe pods\` and \`kubectl -n ${INGRESS_NAMESPACE} logs deploy/traefik\` say why`;
    fail(`${notReady} within ${READY_S} s:\n${pods.stdout.trim() || said(pods)}`, hint);
  }
  const address = await serviceAddress(kubectl, ADDRESS_S * 1000, target.signal);
  if (target.signal?.aborted) fail('stopped waiting for its address: the load balancer that gives it failed', 'see the load balancer\'s error');
  if (!address) fail(`its Service ${INGRESS_NAMESPACE}/${INGRESS_SERVICE} got no EXTERNAL-IP within ${ADDRESS_S} s`, `the load balancer gives it: \`kubectl -n ${INGRESS_NAMESPACE} describe svc ${INGRESS_SERVICE}\` and \`kubectl -n metallb-system logs deploy/controller\` say why`);

  // Recorded last: an install cut short is never taken for a finished one.
  const dir = await runnerTempDir('ingress');
  try {
    const stateFile = join(dir, 'state.yaml');
    await writeFile(stateFile, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${STATE_CONFIGMAP}, namespace: ${INGRESS_NAMESPACE}}\ndata: {inputs: "${key}"}\n`);
    const state = await kubectl(['apply', '-f', stateFile], 30_000);
    if (state.exitCode !== 0) fail(`its inputs could not be recorded: ${said(state)}`, 'see the kubectl error above');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const how = local.length ? `image loaded from this machine's Docker` : 'image pulled by the nodes';
  target.log(`ingress controller Traefik: http://${address} (${how}; ${seconds(Date.now() - started)})`);
}

/** undefined when Traefik's Deployment is Ready within `timeoutMs`; else what is not. */
async function controllerReady(kubectl: Kubectl, timeoutMs: number): Promise<string | undefined> {
  const left = Math.max(1, Math.round(timeoutMs / 1000));
  const status = await kubectl(['rollout', 'status', '-n', INGRESS_NAMESPACE, 'deployment/traefik', `--timeout=${left}s`], left * 1000 + 15_000);
  return status.exitCode === 0 ? undefined : `deployment/traefik is not Ready (${said(status).split('\n').at(-1)})`;
}

/** The controller Service's EXTERNAL-IP once the load balancer gave it one, polled up to `timeoutMs`; '' if none. */
async function serviceAddress(kubectl: Kubectl, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ip = await kubectl(['get', 'service', '-n', INGRESS_NAMESPACE, INGRESS_SERVICE, '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}'], 20_000);
    if (ip.exitCode === 0 && ip.stdout.trim()) return ip.stdout.trim();
    if (Date.now() > deadline || signal?.aborted) return '';
    await sleep(1_000);
  }
}
