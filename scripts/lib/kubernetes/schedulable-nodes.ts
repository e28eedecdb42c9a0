// Every node `kubectl get nodes` lists runs the book's pods, as on the book's GKE cluster,
// whose three listed nodes are all workers. kubeadm (so kind) taints the control plane
// NoSchedule: a reader who labels the first listed node (`kubectl label node <first> gpu=true`,
// chapter 3) and creates the book's `kubia-gpu` pod would wait for ever. The runner removes that
// taint from the kind cluster it brings up (new or reused); a cluster given with --context is
// not ours to change, so there it only says which nodes keep it.
import { execBounded } from '../core/exec.ts';
import { SetupError } from '../core/user-error.ts';

/** The taints kubeadm puts on a control plane (`master` before Kubernetes 1.24). */
export const CONTROL_PLANE_TAINTS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

interface NodeList {
  items: Array<{ metadata: { name: string }; spec: { taints?: Array<{ key: string; effect: string }> } }>;
}

/** `node key:NoSchedule` for each control-plane taint that keeps pods off a node. */
export async function controlPlaneTaints(kubeconfig: string): Promise<Array<{ node: string; taint: string }>> {
  const nodes = await execBounded('kubectl', ['--kubeconfig', kubeconfig, 'get', 'nodes', '-o', 'json', '--request-timeout=20s'], { timeoutMs: 30_000 });
  if (nodes.exitCode !== 0) throw new SetupError(`cannot list the cluster's nodes: ${(nodes.stderr || nodes.stdout).trim()}`, 'check the cluster with `kubectl get nodes`');
  return (JSON.parse(nodes.stdout) as NodeList).items.flatMap((node) =>
    (node.spec.taints ?? []).filter((t) => CONTROL_PLANE_TAINTS.includes(t.key) && t.effect === 'NoSchedule').map((t) => ({ node: node.metadata.name, taint: `${t.key}:${t.effect}` })),
  );
}

/** Removes the control plane's NoSchedule taint from every node that has it; says which. */
export async function makeEveryNodeSchedulable(kubeconfig: string, log: (line: string) => void): Promise<void> {
  const tainted = await controlPlaneTaints(kubeconfig);
  for (const { node, taint } of tainted) {
    const untaint = await execBounded('kubectl', ['--kubeconfig', kubeconfig, 'taint', 'nodes', node, `${taint}-`, '--request-timeout=20s'], { timeoutMs: 30_000 });
    if (untaint.exitCode !== 0) throw new SetupError(`cannot remove the taint ${taint} from node ${node}: ${(untaint.stderr || untaint.stdout).trim()}`, `remove it by hand: \`kubectl taint nodes ${node} ${taint}-\`, or recreate the cluster with --fresh`);
  }
  if (tainted.length) log(`every node runs pods, like the book's GKE workers: removed ${tainted.map(({ node, taint }) => `${taint} from ${node}`).join(', ')}`);
}

/** For a cluster the runner does not own: the nodes that keep pods off, said and left alone. */
export async function reportTaintedNodes(kubeconfig: string, context: string, log: (line: string) => void): Promise<void> {
  let tainted: Array<{ node: string; taint: string }>;
  try {
    tainted = await controlPlaneTaints(kubeconfig);
  } catch {
    return; // no rights to list nodes: nothing to say
  }
  if (tainted.length === 0) return;
  log(`context ${context}: ${tainted.map(({ node, taint }) => `${node} (${taint})`).join(', ')} run no pods of the notes; verify-notes leaves a cluster it did not make as it is (a pod whose nodeSelector picks such a node stays Pending; \`kubectl taint nodes <node> <taint>-\` lifts it)`);
}
