// Making a kind cluster the same way for every user and every caller (the runner, the tests,
// the benchmark): `kind create cluster`, then what its config asks for (kind-config.ts), then a
// bounded wait until every node is Ready. kind's own `--wait` only waits for the control plane,
// and cannot wait at all while a cluster has no pod network yet.
import { execBounded } from '../core/exec.ts';
import { kindConfigNeedsOf } from './kind-config.ts';
import { applyRouteNetwork } from './route-network.ts';
import { ensureBookMirror } from './book-mirror.ts';
import { makeEveryNodeSchedulable } from './schedulable-nodes.ts';
import { ensureParts } from './parts/index.ts';
import { MissingCapability } from '../docker/capabilities.ts';
import { SetupError } from '../core/user-error.ts';

export interface ClusterTimings {
  /** `kind create cluster`, without --wait. */
  createMs: number;
  /** The route network, when the config turns kind's CNI off. */
  networkMs?: number;
  /** Until every node is Ready. */
  readyMs: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Every node of the cluster Ready within `timeoutMs`, or a SetupError naming those that are not. */
export async function waitForNodesReady(kubeconfig: string, timeoutMs: number): Promise<void> {
  const wait = await execBounded('kubectl', ['--kubeconfig', kubeconfig, 'wait', '--for=condition=Ready', 'nodes', '--all', `--timeout=${Math.round(timeoutMs / 1000)}s`], { timeoutMs: timeoutMs + 15_000 });
  if (wait.exitCode !== 0) {
    const nodes = await execBounded('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes'], { timeoutMs: 15_000 });
    throw new SetupError(`not every node of the kind cluster is Ready after ${seconds(timeoutMs)}:\n${nodes.stdout.trim() || (wait.stderr || wait.stdout).trim()}`, 'look at the nodes with `kubectl describe node`; `kind export logs` keeps their logs');
  }
}

/**
 * Creates the cluster from `config` and makes it ready for notes: the pod network when the
 * config asks for it, every node Ready. Leaves a half-made cluster for the caller to delete.
 */
export async function createKindCluster(options: { name: string; config: string; kubeconfig: string; log: (line: string) => void; readyTimeoutMs?: number }): Promise<ClusterTimings> {
  const needs = kindConfigNeedsOf(options.config);
  const started = Date.now();
  const create = await execBounded('kind', ['create', 'cluster', '--name', options.name, '--config', options.config, '--kubeconfig', options.kubeconfig], { timeoutMs: 300_000 });
  if (create.exitCode !== 0) {
    throw new MissingCapability('kind', `kind could not create the cluster:\n${(create.stderr || create.stdout).trim()}`, 'see the kind output above; without internet use scripts/airgap/kind (KUBIA_NOTES_KIND_CONFIG)');
  }
  const timings: ClusterTimings = { createMs: Date.now() - started, readyMs: 0 };
  if (needs.routeNetwork) {
    const networkStarted = Date.now();
    try {
      const network = await applyRouteNetwork({ cluster: options.name, kubeconfig: options.kubeconfig, clusterCidr: needs.routeNetwork.podSubnet });
      timings.networkMs = Date.now() - networkStarted;
      const replaced = network.replacedPods.length ? `; replaced ${network.replacedPods.join(', ')} (started before their node had its range)` : '';
      options.log(`route network on ${network.nodes.length} node(s): ${network.nodes.map((n) => `${n.node} ${n.podCIDR}`).join(', ')} (${seconds(timings.networkMs)})${replaced}`);
    } catch (error) {
      throw new SetupError(`the pod network of kind cluster ${options.name} could not be written: ${(error as Error).message}`, 'kind-config.ts: a config with disableDefaultCNI gets the route network of scripts/lib/kubernetes/route-network.ts', { cause: error });
    }
  }
  await waitForNodesReady(options.kubeconfig, options.readyTimeoutMs ?? 180_000);
  timings.readyMs = Date.now() - started;
  options.log(`kind cluster ${options.name}: ${needs.nodes} node(s) Ready in ${seconds(timings.readyMs)} (kind create ${seconds(timings.createMs)}${timings.networkMs === undefined ? '' : `, network ${seconds(timings.networkMs)}`})`);
  return timings;
}

/**
 * What a cluster of this config needs each time a run uses it, new or reused: every node
 * schedulable (a reused cluster may predate this), the book-image mirror, the parts (load
 * balancer, then ingress controller).
 */
export async function prepareKindServices(options: { config: string; cluster: string; kubeconfig: string; log: (line: string) => void }): Promise<void> {
  await makeEveryNodeSchedulable(options.kubeconfig, options.log);
  if (kindConfigNeedsOf(options.config).bookMirror) await ensureBookMirror(options.log);
  await ensureParts(options);
}
