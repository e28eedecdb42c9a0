import { openNoteNamespace } from '../note-namespace.ts';
import { SetupError } from '../user-error.ts';
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
      const leftovers = await namespace.leftovers();
      if (leftovers.length === 0) return undefined;
      return `left behind in Kubernetes namespace ${namespace.name} (now removed): ${leftovers.join(', ')}\n  hint: delete them in the note's cleanup block (kubectl delete … --ignore-not-found)`;
    },
    close: () => namespace.close(),
  };
};
