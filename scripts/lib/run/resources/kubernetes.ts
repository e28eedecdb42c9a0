import { openNoteNamespace } from '../../kubernetes/note-namespace.ts';
import { SetupError } from '../../core/user-error.ts';
import type { ResourceFactory } from './resource.ts';

/** A Kubernetes cluster for a session: the note's own namespace, through a kubeconfig of its own. */
export const kubernetesResource: ResourceFactory = async ({ note, privateDir, kube }) => {
  if (!kube) throw new SetupError('a kind block is about to run but no cluster was prepared', 'this is a bug in verify-notes: please report it with the command you ran');
  const namespace = await openNoteNamespace(kube, note, privateDir);
  return {
    capability: 'kind',
    environment: (base) => ({ ...base, KUBECONFIG: namespace.kubeconfig, ...(kube.kindCluster ? { KIND_CLUSTER: kube.kindCluster } : {}) }),
    diagnostics: () => namespace.diagnostics(),
    async removeLeftovers() {
      const inside = await namespace.leftovers();
      const outside = await namespace.outsideLeftovers();
      const problems = [
        inside.length && `left behind in Kubernetes namespace ${namespace.name} (now removed): ${inside.join(', ')}`,
        outside.length && `left behind outside the note's namespace (namespaces, node labels and taints now removed; other cluster-wide objects only reported): ${outside.join(', ')}`,
      ].filter(Boolean);
      if (problems.length === 0) return undefined;
      return `${problems.join('\n')}\n  hint: delete them in the note's cleanup block (kubectl delete … --ignore-not-found, kubectl label node … key-)`;
    },
    close: () => namespace.close(),
  };
};
