// The pod network of a kind cluster whose config turns kind's own CNI (kindnetd) off: what
// kindnetd does, reduced to what the notes need. Every node gets a CNI config for its own pod
// range (ptp + host-local + portmap), a route to every other node's pod range through that
// node's address, and one masquerade rule for pod traffic leaving the cluster's pod network.
// Pods then reach each other by pod IP across nodes with no NAT in between: the flat network
// of the book. Planned here from the node list (pure, unit-tested), applied by applyRouteNetwork.
import { execBounded } from '../core/exec.ts';

/** Where containerd reads the node's CNI config; the offline node image bakes a one-node default there. */
export const CONFLIST_PATH = '/etc/cni/net.d/10-kubia.conflist';

/** A registered node as the network needs it: its pod range and the address other nodes reach it at. */
export interface NodeAddress {
  name: string;
  podCIDR: string;
  internalIP: string;
}

export interface NodeNetworkPlan {
  node: string;
  podCIDR: string;
  /** One per other node: its pod range, through its address. */
  routes: Array<{ cidr: string; via: string }>;
  /** The node's CNI config (JSON). */
  conflist: string;
  /** What runs in the node (`sh -c`): config, routes, masquerade rule; safe to run twice. */
  script: string;
}

interface Cidr {
  base: number;
  bits: number;
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function cidr(text: string): Cidr | undefined {
  const [address = '', bitsText = '', extra] = text.split('/');
  const base = ipv4(address);
  const bits = /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (base === undefined || extra !== undefined || !(bits >= 0 && bits <= 32)) return undefined;
  return { base, bits };
}

const maskOf = (bits: number) => (bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0);

function contains(outer: Cidr, address: number): boolean {
  const mask = maskOf(outer.bits);
  return ((address & mask) >>> 0) === ((outer.base & mask) >>> 0);
}

/** Whether `ip` (IPv4) lies in `range` (IPv4 CIDR); false for anything else. */
export function inCidr(ip: string, range: string): boolean {
  const address = ipv4(ip);
  const parsed = cidr(range);
  return address !== undefined && parsed !== undefined && contains(parsed, address);
}

/** The node's CNI config: ptp + host-local on its pod range + portmap (hostPort). No masquerade: see the script. */
export function conflistFor(podCIDR: string): string {
  return JSON.stringify({
    cniVersion: '0.4.0',
    name: 'kubia-notes',
    plugins: [
      // ptp's own ipMasq would also masquerade traffic to the other nodes' pods (it only spares
      // the node's own range), and the receiving pod would log a node address instead of the caller's.
      { type: 'ptp', ipMasq: false, mtu: 1500, ipam: { type: 'host-local', ranges: [[{ subnet: podCIDR }]], routes: [{ dst: '0.0.0.0/0' }] } },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  });
}

/**
 * The network of every node: written once, for any number of nodes. Throws when the list cannot
 * make a flat network (a node without a pod range, ranges outside the cluster's pod network or
 * shared by two nodes, a node address that is not IPv4).
 */
export function planRouteNetwork(nodes: readonly NodeAddress[], clusterCidr: string): NodeNetworkPlan[] {
  const cluster = cidr(clusterCidr);
  if (!cluster) throw new Error(`the cluster's pod network "${clusterCidr}" is not an IPv4 CIDR`);
  if (nodes.length === 0) throw new Error('no nodes to network');
  const seen = new Map<string, string>();
  for (const node of nodes) {
    const range = cidr(node.podCIDR);
    if (!range) throw new Error(`node ${node.name} has no IPv4 pod range (spec.podCIDR "${node.podCIDR}")`);
    if (range.bits < cluster.bits || !contains(cluster, range.base)) throw new Error(`node ${node.name}'s pod range ${node.podCIDR} is outside the cluster's pod network ${clusterCidr}`);
    if (ipv4(node.internalIP) === undefined) throw new Error(`node ${node.name} has no IPv4 InternalIP ("${node.internalIP}")`);
    const other = seen.get(node.podCIDR);
    if (other) throw new Error(`nodes ${other} and ${node.name} share the pod range ${node.podCIDR}`);
    seen.set(node.podCIDR, node.name);
  }
  return nodes.map((node) => {
    const routes = nodes.filter((other) => other.name !== node.name).map((other) => ({ cidr: other.podCIDR, via: other.internalIP }));
    const conflist = conflistFor(node.podCIDR);
    const masquerade = `-s ${node.podCIDR} ! -d ${clusterCidr} -m comment --comment kubia-notes -j MASQUERADE`;
    const script = [
      'set -e',
      // Written beside and renamed: containerd watches the directory and must never read half a file
      // (it ignores the .tmp extension).
      `printf '%s\\n' '${conflist}' > ${CONFLIST_PATH}.tmp`,
      `mv ${CONFLIST_PATH}.tmp ${CONFLIST_PATH}`,
      ...routes.map((route) => `ip route replace ${route.cidr} via ${route.via}`),
      `iptables -t nat -C POSTROUTING ${masquerade} 2>/dev/null || iptables -t nat -A POSTROUTING ${masquerade}`,
    ].join('\n');
    return { node: node.name, podCIDR: node.podCIDR, routes, conflist, script };
  });
}

/** A pod as `kubectl get pods -A -o json` lists it, reduced to what the check needs. */
export interface PodPlacement {
  namespace: string;
  name: string;
  node?: string;
  podIP?: string;
  hostNetwork?: boolean;
}

/**
 * Pods that got an address before their node had its own config (the node image's one-node
 * default): their IP is outside their node's range, so no route leads back to them.
 */
export function misplacedPods(pods: readonly PodPlacement[], plans: readonly Pick<NodeNetworkPlan, 'node' | 'podCIDR'>[]): PodPlacement[] {
  const rangeOf = new Map(plans.map((plan) => [plan.node, plan.podCIDR]));
  return pods.filter((pod) => {
    const range = pod.node ? rangeOf.get(pod.node) : undefined;
    return !pod.hostNetwork && pod.podIP && range && ipv4(pod.podIP) !== undefined && !inCidr(pod.podIP, range);
  });
}

interface NodeList {
  items: Array<{ metadata: { name: string }; spec?: { podCIDR?: string }; status?: { addresses?: Array<{ type: string; address: string }> } }>;
}
interface PodList {
  items: Array<{ metadata: { namespace: string; name: string }; spec?: { nodeName?: string; hostNetwork?: boolean }; status?: { podIP?: string } }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits (bounded) until every node of the kind cluster has registered with a pod range, then
 * writes the network into each node and replaces pods that started on the image's default.
 */
export async function applyRouteNetwork(options: { cluster: string; kubeconfig: string; clusterCidr: string; timeoutMs?: number }): Promise<{ nodes: NodeNetworkPlan[]; replacedPods: string[] }> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  const kubectl = (...args: string[]) => execBounded('kubectl', ['--kubeconfig', options.kubeconfig, '--request-timeout=10s', ...args], { timeoutMs: 20_000 });
  const expected = (await execBounded('kind', ['get', 'nodes', '--name', options.cluster], { timeoutMs: 30_000 })).stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  if (expected.length === 0) throw new Error(`kind lists no nodes for cluster ${options.cluster}`);
  let nodes: NodeAddress[] = [];
  let waitingFor = expected;
  for (;;) {
    const listed = await kubectl('get', 'nodes', '-o', 'json');
    if (listed.exitCode === 0) {
      const items = (JSON.parse(listed.stdout) as NodeList).items;
      nodes = items.flatMap((item) => {
        const internalIP = item.status?.addresses?.find((a) => a.type === 'InternalIP' && ipv4(a.address) !== undefined)?.address;
        return item.spec?.podCIDR && internalIP ? [{ name: item.metadata.name, podCIDR: item.spec.podCIDR, internalIP }] : [];
      });
      waitingFor = expected.filter((name) => !nodes.some((node) => node.name === name));
      if (waitingFor.length === 0) break;
    }
    if (Date.now() > deadline) throw new Error(`nodes ${waitingFor.join(', ')} did not register with a pod range (spec.podCIDR) in time${listed.exitCode === 0 ? '' : `: ${listed.stderr.trim()}`}`);
    await sleep(250);
  }
  const plans = planRouteNetwork(nodes.filter((node) => expected.includes(node.name)), options.clusterCidr);
  const applied = await Promise.all(plans.map((plan) => execBounded('docker', ['exec', plan.node, 'sh', '-c', plan.script], { timeoutMs: 30_000 })));
  applied.forEach((result, i) => {
    if (result.exitCode !== 0) throw new Error(`the network of node ${plans[i]?.node} could not be written: ${(result.stderr || result.stdout).trim()}`);
  });
  const pods = await kubectl('get', 'pods', '--all-namespaces', '-o', 'json');
  const placements: PodPlacement[] = pods.exitCode === 0
    ? (JSON.parse(pods.stdout) as PodList).items.map((p) => ({ namespace: p.metadata.namespace, name: p.metadata.name, ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}), ...(p.status?.podIP ? { podIP: p.status.podIP } : {}), hostNetwork: Boolean(p.spec?.hostNetwork) }))
    : [];
  const misplaced = misplacedPods(placements, plans);
  for (const pod of misplaced) await kubectl('delete', 'pod', '--namespace', pod.namespace, pod.name, '--wait=false');
  return { nodes: plans, replacedPods: misplaced.map((pod) => `${pod.namespace}/${pod.name}`) };
}
