import type { Capability } from '../../../src/lib/blocks/meta.ts';
import { dockerResource } from './docker.ts';
import { kubernetesResource } from './kubernetes.ts';
import type { ResourceFactory } from './resource.ts';

/** One session resource per capability of the block grammar (CAPABILITIES in meta.ts). */
export const RESOURCES: Record<Capability, ResourceFactory> = {
  docker: dockerResource,
  kind: kubernetesResource,
};

export type { SessionContext, SessionResource } from './resource.ts';
