import type { Capability } from '../../../../src/lib/blocks/meta.ts';
import type { KubeTarget } from '../../kubernetes/kubernetes.ts';

/**
 * What a capability gives one session and takes back at its end. Adding a capability is
 * adding one implementation of this and listing it in index.ts; the session loop only
 * calls these methods.
 */
export interface SessionResource {
  capability: Capability;
  /** The environment the session's blocks run with, given the one before this resource. */
  environment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Shell code put before every block of the session (e.g. a function that wraps a command). */
  prelude?: string;
  /** Logs, events: attached to the report of a failed block that needs this capability. */
  diagnostics(): Promise<string>;
  /** What the session left behind, now removed; one problem line for the report, or none. */
  removeLeftovers(): Promise<string | undefined>;
  /** Gives back what the session was given (a namespace, …). */
  close(): Promise<void>;
}

/** What a resource knows of the session it serves. */
export interface SessionContext {
  note: string;
  /** Unique id of this session: labels, namespaces and temp dirs carry it. */
  session: string;
  /** The session's private dir (scripts, kubeconfig), never the blocks' work dir. */
  privateDir: string;
  kube?: KubeTarget;
}

export type ResourceFactory = (context: SessionContext) => Promise<SessionResource>;
