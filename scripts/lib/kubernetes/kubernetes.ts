import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { $ } from 'zx';
import { MissingCapability } from '../docker/capabilities.ts';
import { runnerTempDir } from '../core/temp-dirs.ts';
import { deleteKindCluster } from './kind-delete.ts';
import { createKindCluster, prepareKindServices } from './kind-cluster.ts';
import { kindConfigNeedsOf } from './kind-config.ts';
import { claimCluster, deadClaimant, releaseCluster } from './cluster-claim.ts';
import { ownMirrorContainer } from '../docker/mirror-container.ts';
import { reportTaintedNodes } from './schedulable-nodes.ts';

import { DEFAULT_CLUSTER } from './cluster-name.ts';

export { DEFAULT_CLUSTER };
const DEFAULT_CONFIG = fileURLToPath(new URL('../../kind/cluster.yaml', import.meta.url));

const quiet = $({ quiet: true, nothrow: true, timeout: '60s' });

/** The cluster kind blocks run against, with a kubeconfig of its own (the user's stays untouched). */
export interface KubeTarget {
  kubeconfig: string;
  context: string;
  /** Set when the cluster is the project's kind cluster. */
  kindCluster?: string;
  versions: { client: string; server: string; kind?: string };
  /** Deletes the kind cluster if this run created it (unless --keep) and the temp kubeconfig. */
  dispose(): Promise<void>;
}

async function need(binary: string, hint: string): Promise<void> {
  if ((await quiet`sh -c ${`command -v ${binary}`}`).exitCode !== 0) {
    throw new MissingCapability('kind', `${binary} is not installed`, hint);
  }
}

async function versions(kubeconfig: string): Promise<{ client: string; server: string }> {
  const result = await quiet`kubectl --kubeconfig ${kubeconfig} version -o json --request-timeout=10s`;
  try {
    const parsed = JSON.parse(result.stdout) as { clientVersion?: { gitVersion?: string }; serverVersion?: { gitVersion?: string } };
    if (!parsed.serverVersion?.gitVersion) throw new Error('no server version');
    return { client: parsed.clientVersion?.gitVersion ?? 'unknown', server: parsed.serverVersion.gitVersion };
  } catch {
    throw new MissingCapability('kind', `the cluster (${kubeconfig}'s current context) is not answering within 10 s: ${result.stderr.trim().split('\n')[0] ?? ''}`, 'check the cluster with `kubectl cluster-info`, or let verify-notes make a fresh one with --fresh');
  }
}

async function nodesReady(kubeconfig: string): Promise<boolean> {
  const result = await quiet`kubectl --kubeconfig ${kubeconfig} get nodes -o ${'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}'}`;
  const states = result.stdout.split('\n').filter(Boolean);
  return result.exitCode === 0 && states.length > 0 && states.every((s) => s === 'True');
}

/** An existing context (minikube, GKE …), copied into a kubeconfig of the run's own. */
async function fromContext(context: string, dir: string): Promise<Omit<KubeTarget, 'dispose'>> {
  await need('kubectl', 'install kubectl: https://kubernetes.io/docs/tasks/tools/');
  const kubeconfig = join(dir, 'kubeconfig');
  const view = await quiet`kubectl config view --raw --minify --flatten --context ${context}`;
  if (view.exitCode !== 0) throw new MissingCapability('kind', `no kubectl context "${context}"`, 'list them with `kubectl config get-contexts`');
  await writeFile(kubeconfig, view.stdout, { mode: 0o600 });
  return { kubeconfig, context, versions: await versions(kubeconfig) };
}

/**
 * The project's kind cluster: reused when it exists, its nodes are Ready and as many as the
 * config makes; created when missing (and then deleted at the end unless --keep), recreated
 * with --fresh. One a killed run made is taken over (cluster-claim.ts) and deleted at the end as
 * well. Either way it gets what its config needs on every run (every node schedulable, the
 * book-image mirror) and its parts (kubernetes/parts/: the load balancer, the ingress controller).
 */
export async function prepareCluster(options: { context?: string; fresh: boolean; keep: boolean; log: (line: string) => void; cluster?: { name: string; config: string } }): Promise<KubeTarget> {
  const clusterName = options.cluster?.name ?? DEFAULT_CLUSTER;
  const kindClusterExists = async () => (await quiet`kind get clusters`).stdout.split('\n').includes(clusterName);
  const dir = await runnerTempDir('kube');
  const removeDir = () => rm(dir, { recursive: true, force: true });
  try {
    if (options.context) {
      const target = await fromContext(options.context, dir);
      await reportTaintedNodes(target.kubeconfig, options.context, options.log);
      return { ...target, dispose: removeDir };
    }
    await need('kind', 'install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation), e.g. `go install sigs.k8s.io/kind@v0.33.0` (the pinned version, scripts/pinned-environment.json); or use an existing cluster with --context NAME');
    await need('kubectl', 'install kubectl: https://kubernetes.io/docs/tasks/tools/');
    const kubeconfig = join(dir, 'kubeconfig');
    const config = options.cluster?.config ?? process.env.KUBIA_NOTES_KIND_CONFIG ?? DEFAULT_CONFIG;
    const wanted = kindConfigNeedsOf(config);
    // A name taken by someone else's container is found before a cluster is made for nothing.
    if (wanted.bookMirror) await ownMirrorContainer();
    // A cluster that was there before this run is the user's to delete, even if this run had
    // to recreate it (--fresh, unhealthy, or made from another config): only a cluster this run brought is deleted.
    // One that a killed run made (cluster-claim.ts) is not the user's: this run takes it over.
    const exists = await kindClusterExists();
    const orphan = await deadClaimant(clusterName);
    const takenOver = exists && orphan !== undefined && !orphan.keep;
    if (takenOver) options.log(`kind cluster ${clusterName} was made by a run that was killed (pid ${orphan.runner.pid}) before it could delete it: this run takes it over and deletes it at the end (--keep keeps it)`);
    if (orphan) await releaseCluster(clusterName);
    const existedBefore = exists && !takenOver;
    if (!existedBefore) await claimCluster(clusterName, options.keep);
    // Deleted (or kept by --keep): the claim goes, and the cluster is no run's any more.
    const deleteOwn = async () => {
      if (await deleteKindCluster(clusterName, options.log)) await releaseCluster(clusterName);
    };
    let created = false;
    if (options.fresh && (await kindClusterExists())) {
      options.log(`deleting kind cluster ${clusterName} (--fresh)`);
      await deleteKindCluster(clusterName, options.log);
    }
    if (await kindClusterExists()) {
      await writeFile(kubeconfig, (await quiet`kind get kubeconfig --name ${clusterName}`).stdout, { mode: 0o600 });
      const nodes = (await quiet`kind get nodes --name ${clusterName}`).stdout.split('\n').filter(Boolean).length;
      const problem = !(await nodesReady(kubeconfig)) ? 'is not healthy' : nodes !== wanted.nodes ? `has ${nodes} node(s), ${config} makes ${wanted.nodes}` : '';
      if (problem) {
        options.log(`kind cluster ${clusterName} ${problem}: recreating it`);
        if (!(await deleteKindCluster(clusterName, options.log))) throw new MissingCapability('kind', `the kind cluster ${clusterName} cannot be deleted`, `delete it by hand: \`kind delete cluster --name ${clusterName}\``);
      }
    }
    if (!(await kindClusterExists())) {
      options.log(`creating kind cluster ${clusterName} from ${config}`);
      try {
        await createKindCluster({ name: clusterName, config, kubeconfig, log: options.log });
      } catch (error) {
        await deleteOwn();
        throw error;
      }
      created = true;
    }
    try {
      await writeFile(kubeconfig, (await quiet`kind get kubeconfig --name ${clusterName}`).stdout, { mode: 0o600 });
      await prepareKindServices({ config, cluster: clusterName, kubeconfig, log: options.log });
    } catch (error) {
      if (!existedBefore) await deleteOwn();
      throw error;
    }
    const kindVersion = (await quiet`kind version`).stdout.split(' ')[1] ?? 'unknown';
    return {
      kubeconfig,
      context: `kind-${clusterName}`,
      kindCluster: clusterName,
      versions: { ...(await versions(kubeconfig)), kind: kindVersion },
      async dispose() {
        if (created && existedBefore) options.log(`keeping kind cluster ${clusterName}: it existed before this run (recreated by it)`);
        if (!existedBefore && !options.keep) {
          options.log(`deleting kind cluster ${clusterName} (this run ${created ? 'created it' : 'took it over'}; --keep keeps it)`);
          await deleteOwn();
        } else if (!existedBefore) {
          await releaseCluster(clusterName);
        }
        await removeDir();
      },
    };
  } catch (error) {
    await removeDir();
    throw error;
  }
}
