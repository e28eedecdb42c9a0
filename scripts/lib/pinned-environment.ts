import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Environment } from '../../src/lib/store/schema.ts';

const pinnedSchema = z.object({
  kind: z.string(),
  kubernetes: z.string(),
  kubernetesStaging: z.string(),
  nodeImage: z.string(),
  etcd: z.string(),
  coredns: z.string(),
  pause: z.string(),
});

/** scripts/pinned-environment.json: the versions recordings are made and verified on. */
export type PinnedEnvironment = z.infer<typeof pinnedSchema>;

export const PINNED_FILE = new URL('../pinned-environment.json', import.meta.url);

export function pinnedEnvironment(): PinnedEnvironment {
  return pinnedSchema.parse(JSON.parse(readFileSync(PINNED_FILE, 'utf8')));
}

/** Where this run's tools are off the pin, one line each with what to do (empty: on the pin). */
export function offPin(environment: Environment, pinned: PinnedEnvironment = pinnedEnvironment()): string[] {
  const lines: string[] = [];
  const kube = environment.kubernetes;
  if (kube && kube.server !== pinned.kubernetes) lines.push(`the cluster runs Kubernetes ${kube.server}, not the pinned ${pinned.kubernetes}: outputs that show versions will differ (create the project's cluster from scripts/kind/cluster.yaml, or --fresh)`);
  if (kube && kube.client !== pinned.kubernetes) lines.push(`kubectl is ${kube.client}, not the pinned ${pinned.kubernetes}: what the client prints (e.g. delete messages) may differ; put kubectl ${pinned.kubernetes} first on PATH (https://dl.k8s.io/release/${pinned.kubernetes}/bin/linux/amd64/kubectl, or scripts/airgap/kind/tools.sh offline)`);
  if (environment.kind && environment.kind !== pinned.kind) lines.push(`kind is ${environment.kind}, not the pinned ${pinned.kind}: \`go install sigs.k8s.io/kind@${pinned.kind}\``);
  return lines;
}
