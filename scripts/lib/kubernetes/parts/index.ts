// The cluster's parts: what a cloud gives the book's GKE cluster and a bare kind cluster lacks,
// each a small module with one life cycle: made for a kind cluster the runner prepares, reused
// while its inputs match, gone with the cluster, swept after a crash, the same version on every
// machine (published images where a registry answers, built from the Go module proxy where none
// does: scripts/airgap/). A cluster named with --context is the user's: no part touches it.
//   load-balancer.ts   MetalLB (L2): LoadBalancer services get an EXTERNAL-IP the host reaches
//   address-pool.ts    its addresses, a range of kind's Docker network
//   ingress.ts         Traefik: an Ingress answers on the address of its LoadBalancer Service
//   manifests/         the manifests they apply, with where each came from
// The docker.io mirror (../../book-mirror.ts, ../../mirror-container.ts) is a part too; it moves
// here with the rest of scripts/lib/kubernetes/ (issue 22).
import { ensureIngress } from './ingress.ts';
import { ensureLoadBalancer } from './load-balancer.ts';

export { ensureIngress, ensureLoadBalancer };

type Target = { cluster: string; kubeconfig: string; log: (line: string) => void };

/** The parts ensureParts installs: the real ones unless a test gives its own. */
export interface Parts {
  loadBalancer: (target: Target) => Promise<void>;
  ingress: (target: Target & { signal: AbortSignal }) => Promise<void>;
}

/**
 * Every part, side by side: each loads its images and rolls out on its own, and the ingress
 * controller's Service simply waits for the address the load balancer gives it (ingress.ts bounds
 * that wait). When the load balancer fails, that wait is cut short: its error is the one thrown,
 * at once, not minutes later. A failure is thrown once both have finished, so nothing runs on
 * after the run has moved on to delete the cluster.
 */
export async function ensureParts(target: Target, parts: Parts = { loadBalancer: ensureLoadBalancer, ingress: ensureIngress }): Promise<void> {
  const loadBalancerFailed = new AbortController();
  const settled = await Promise.allSettled([
    parts.loadBalancer(target).catch((error: unknown) => {
      loadBalancerFailed.abort();
      throw error;
    }),
    parts.ingress({ ...target, signal: loadBalancerFailed.signal }),
  ]);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
}
