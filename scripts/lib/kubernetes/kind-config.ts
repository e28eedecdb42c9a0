// What a kind cluster config asks of verify-notes beyond `kind create cluster`, read from the
// config's own fields (so the config stays the one declaration, valid for kind as it is):
//   - `networking.disableDefaultCNI: true`: the cluster has no pod network until one is written:
//     the route network (route-network.ts) on every node once they register;
//   - a containerd mirror for docker.io at the book-image mirror: that mirror must serve the
//     book's images (book-mirror.ts) before a pod pulls `luksa/kubia`.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { MIRROR_ENDPOINT } from '../docker/mirror-container.ts';
import { SetupError } from '../core/user-error.ts';

/** kind's default pod network (networking.podSubnet) when the config does not set one. */
export const KIND_DEFAULT_POD_SUBNET = '10.244.0.0/16';

export interface KindConfigNeeds {
  /** How many nodes the config makes (kind's default: one control plane). */
  nodes: number;
  /** Set when kind installs no CNI: the route network on this pod network. */
  routeNetwork?: { podSubnet: string };
  /** The config sends docker.io pulls to the book-image mirror. */
  bookMirror: boolean;
}

interface KindConfigShape {
  nodes?: unknown[];
  networking?: { disableDefaultCNI?: boolean; podSubnet?: string };
  containerdConfigPatches?: unknown[];
}

const MIRROR_PATCH = new RegExp(`registry\\.mirrors\\."docker\\.io"\\]\\s*endpoint\\s*=\\s*\\[[^\\]]*"${MIRROR_ENDPOINT.replace(/[.:/]/g, '\\$&')}"`);

/** The needs of a config's text; throws when it is not a kind config at all. */
export function kindConfigNeeds(text: string): KindConfigNeeds {
  const config = parse(text) as KindConfigShape | null;
  if (!config || typeof config !== 'object' || (config as { kind?: unknown }).kind !== 'Cluster') throw new Error('not a kind cluster config (kind: Cluster)');
  const podSubnet = config.networking?.podSubnet ?? KIND_DEFAULT_POD_SUBNET;
  const patches = (config.containerdConfigPatches ?? []).filter((p): p is string => typeof p === 'string');
  return {
    nodes: Array.isArray(config.nodes) && config.nodes.length > 0 ? config.nodes.length : 1,
    ...(config.networking?.disableDefaultCNI === true ? { routeNetwork: { podSubnet } } : {}),
    bookMirror: patches.some((patch) => MIRROR_PATCH.test(patch)),
  };
}

/** The needs of a config file, as a SetupError that names the file when it cannot be read. */
export function kindConfigNeedsOf(file: string): KindConfigNeeds {
  try {
    return kindConfigNeeds(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new SetupError(`the kind config ${file} cannot be read: ${(error as Error).message}`, 'point KUBIA_NOTES_KIND_CONFIG at a kind cluster config (scripts/kind/cluster.yaml, scripts/airgap/kind/kind-config.yaml)', { cause: error });
  }
}
