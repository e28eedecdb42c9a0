import type { Shell } from 'zx';

/**
 * What a note can change outside its own namespace that the next note would inherit:
 * namespaces, cluster-scoped objects, node labels and taints. Snapshotted before the note
 * and compared after it, like the Docker leak check.
 */
export interface ClusterState {
  /** `Kind/name` of namespaces and cluster-scoped objects. */
  objects: Set<string>;
  /** `node key=value` for labels, `node taint key=value:Effect` for taints. */
  nodeMarks: Set<string>;
}

const CLUSTER_SCOPED = 'namespaces,clusterroles,clusterrolebindings,persistentvolumes,storageclasses,customresourcedefinitions,priorityclasses,ingressclasses';

interface NodeList {
  items: Array<{ metadata: { name: string; labels?: Record<string, string> }; spec: { taints?: Array<{ key: string; value?: string; effect: string }> } }>;
}

export async function clusterState(kubectl: Shell): Promise<ClusterState | undefined> {
  const [objects, nodes] = await Promise.all([
    kubectl`kubectl get ${CLUSTER_SCOPED} -o ${'jsonpath={range .items[*]}{.kind}/{.metadata.name} {.metadata.deletionTimestamp}{"\\n"}{end}'}`,
    kubectl`kubectl get nodes -o json`,
  ]);
  if (objects.exitCode !== 0 || nodes.exitCode !== 0) return undefined; // no rights to look: nothing to compare
  const marks = new Set<string>();
  for (const node of (JSON.parse(nodes.stdout) as NodeList).items) {
    for (const [key, value] of Object.entries(node.metadata.labels ?? {})) marks.add(`${node.metadata.name} ${key}=${value}`);
    for (const taint of node.spec.taints ?? []) marks.add(`${node.metadata.name} taint ${taint.key}=${taint.value ?? ''}:${taint.effect}`);
  }
  // Objects already being deleted are on their way out.
  const live = objects.stdout.split('\n').filter((line) => line.trim() && !line.trim().includes(' ')).map((line) => line.trim());
  return { objects: new Set(live), nodeMarks: marks };
}

/** What is there now and was not before: one `Kind/name` or node mark per entry. */
export function addedSince(before: ClusterState, after: ClusterState, ownNamespace: string): { objects: string[]; nodeMarks: string[] } {
  return {
    objects: [...after.objects].filter((o) => !before.objects.has(o) && o !== `Namespace/${ownNamespace}`),
    nodeMarks: [...after.nodeMarks].filter((m) => !before.nodeMarks.has(m)),
  };
}

/**
 * Removes what is safe to remove: namespaces the note created and node labels and taints it
 * added. Other cluster-scoped objects are only reported: deleting a ClusterRole or a
 * PersistentVolume by guess could hurt what is not ours.
 */
export async function removeAdded(kubectl: Shell, added: { objects: string[]; nodeMarks: string[] }): Promise<void> {
  const namespaces = added.objects.filter((o) => o.startsWith('Namespace/')).map((o) => o.slice('Namespace/'.length));
  if (namespaces.length) await kubectl`kubectl delete namespace ${namespaces} --wait=false`;
  for (const mark of added.nodeMarks) {
    const [node = '', ...rest] = mark.split(' ');
    if (rest[0] === 'taint') await kubectl`kubectl taint node ${node} ${`${(rest[1] ?? '').replace(/=[^:]*:/, ':')}-`}`;
    else await kubectl`kubectl label node ${node} ${`${(rest[0] ?? '').split('=')[0]}-`}`;
  }
}
