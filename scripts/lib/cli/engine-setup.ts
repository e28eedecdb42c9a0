// What a run needs before its first block, shared by verify-notes and follow: the engine and
// cluster locks, then the versions of the tools (the environment of a recording), the sweep
// of dead runs, and the cluster itself.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Capability } from '../../../src/lib/blocks/meta.ts';
import type { Environment } from '../../../src/lib/store/schema.ts';
import { checkDocker, osDescription } from '../docker/capabilities.ts';
import { DEFAULT_CLUSTER } from '../kubernetes/cluster-name.ts';
// The cluster side (zx, kubectl, kind) is loaded only by a run that needs it: a Docker-only run starts faster.
import type { KubeTarget } from '../kubernetes/kubernetes.ts';
import type { VerifyOptions } from './options.ts';
import { acquireLock, dockerEngineResource } from '../cache/run-lock.ts';
import { sweepDeadRunners } from '../docker/sweep.ts';
import { trace } from '../core/trace.ts';

/** The options that choose the engine and cluster a run uses. */
export type EngineOptions = Pick<VerifyOptions, 'context' | 'env' | 'fresh' | 'keep' | 'wait'>;

/**
 * What a recording says a run ran on, as far as it is known before any cluster: the OS, the
 * runner, Docker's client and engine versions. It only reads, so it needs no lock: a run
 * starts it early, beside the reading of its recordings and the locks (verify-notes-main.ts).
 */
export async function describeEnvironment(needed: ReadonlySet<Capability>): Promise<Environment> {
  const packageJson = new URL('../../../package.json', import.meta.url);
  const runnerOf = async () => `kubia-notes ${JSON.parse(await readFile(packageJson, 'utf8')).version} (node ${process.version})`;
  const [os, runner, docker] = await Promise.all([osDescription(), runnerOf(), needed.has('docker') ? checkDocker() : undefined]);
  trace('environment: described');
  return { os, runner, ...(docker ? { docker } : {}) };
}

/**
 * The environment, described (`described`, when the caller started that early), then the dead
 * runs swept and the cluster prepared. Call under the locks of `lockFor`.
 */
export async function prepareEnvironment(needed: ReadonlySet<Capability>, options: EngineOptions, log: (line: string) => void, described = describeEnvironment(needed)): Promise<{ environment: Environment; kube?: KubeTarget }> {
  const environment = await described;
  // Only once the engine is known to answer, and before the cluster is touched: what killed runs
  // left goes before anything starts (their `kind create` or `docker push` too, still running).
  for (const line of await sweepDeadRunners({ docker: needed.has('docker') || (needed.has('kind') && !options.context) })) log(line);
  trace('environment: dead runners swept');
  if (!needed.has('kind')) return { environment };
  const { prepareCluster } = await import('../kubernetes/kubernetes.ts');
  const kube = await prepareCluster({ ...(options.context ? { context: options.context } : {}), ...(options.env === 'pinned' ? {} : { cluster: otherCluster(options.env) }), fresh: options.fresh, keep: options.keep, log });
  environment.kubernetes = { client: kube.versions.client, server: kube.versions.server, context: kube.context, ...(kube.kindCluster ? { cluster: kube.kindCluster } : {}) };
  if (kube.versions.kind) environment.kind = kube.versions.kind;
  return { environment, kube };
}

/** Another environment's cluster: its own name, kind's default node image unless a config is given. */
function otherCluster(env: string): { name: string; config: string } {
  return { name: `${DEFAULT_CLUSTER}-${env}`, config: process.env.KUBIA_NOTES_ENV_KIND_CONFIG ?? fileURLToPath(new URL('../../kind/latest.yaml', import.meta.url)) };
}

export async function lockFor(needed: ReadonlySet<Capability>, options: EngineOptions, log: (line: string) => void): Promise<Array<() => Promise<void>>> {
  const resources = [...(needed.has('docker') || needed.has('kind') ? [dockerEngineResource()] : []), ...(needed.has('kind') ? [`kubernetes ${options.context ? `context ${options.context}` : `kind cluster ${options.env === 'pinned' ? DEFAULT_CLUSTER : otherCluster(options.env).name}`}`] : [])];
  const releases: Array<() => Promise<void>> = [];
  try {
    for (const resource of resources) releases.push(await acquireLock(resource, { ...(options.wait !== undefined ? { waitMs: options.wait } : {}), log }));
  } catch (error) {
    await Promise.all(releases.map((release) => release()));
    throw error;
  }
  return releases;
}

