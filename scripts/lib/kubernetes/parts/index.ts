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

/** Every part, in order: the ingress controller's Service takes its address from the load balancer. */
export async function ensureParts(target: { cluster: string; kubeconfig: string; log: (line: string) => void }): Promise<void> {
  await ensureLoadBalancer(target);
  await ensureIngress(target);
}
