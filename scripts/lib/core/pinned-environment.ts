import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Environment } from '../../../src/lib/store/schema.ts';

// Checked by hand, not with zod: every run reads this file, and loading zod is the largest
// part of the runner's start-up. Nine strings need no schema library.
const PINNED_KEYS = ['kind', 'kubernetes', 'kubernetesStaging', 'nodeImage', 'etcd', 'coredns', 'pause', 'metallb', 'traefik'] as const;

/** scripts/pinned-environment.json: the versions recordings are made and verified on. */
export type PinnedEnvironment = Record<(typeof PINNED_KEYS)[number], string>;

export const PINNED_FILE = new URL('../../pinned-environment.json', import.meta.url);

export function pinnedEnvironment(): PinnedEnvironment {
  const data = JSON.parse(readFileSync(PINNED_FILE, 'utf8')) as Record<string, unknown>;
  const wrong = PINNED_KEYS.filter((key) => typeof data[key] !== 'string' || data[key] === '');
  if (wrong.length) throw new Error(`${fileURLToPath(PINNED_FILE)}: ${wrong.join(', ')} must be non-empty strings (a version each); restore it with \`git checkout -- scripts/pinned-environment.json\``);
  return Object.fromEntries(PINNED_KEYS.map((key) => [key, data[key]])) as PinnedEnvironment;
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
