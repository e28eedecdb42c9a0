import type { Capability } from '../../../../src/lib/blocks/meta.ts';
import type { ResourceFactory } from './resource.ts';

/**
 * One session resource per capability of the block grammar (CAPABILITIES in meta.ts), loaded
 * when a session first needs it: a Docker-only run never loads the cluster side.
 */
export const RESOURCES: Record<Capability, () => Promise<ResourceFactory>> = {
  docker: async () => (await import('./docker.ts')).dockerResource,
  kind: async () => (await import('./kubernetes.ts')).kubernetesResource,
};

export type { SessionContext, SessionResource } from './resource.ts';
