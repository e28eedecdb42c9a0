import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { $, type ProcessOutput, type Shell } from 'zx';
import type { KubeTarget } from './kubernetes.ts';
import { SetupError } from '../core/user-error.ts';
import { addedSince, clusterState, removeAdded } from './cluster-state.ts';
import { parseRunnerTag, runnerIsAlive, runnerTag, thisRunner } from '../core/runner-id.ts';

const quiet = $({ quiet: true, nothrow: true, timeout: '120s' });

/** The namespace a note's kubectl blocks run in: their objects are found and removed by it. */
export interface NoteNamespace {
  name: string;
  /** A kubeconfig whose current context points at the namespace. */
  kubeconfig: string;
  /** Objects still there that are not already being deleted. */
  leftovers(): Promise<string[]>;
  /**
   * What the note added outside its namespace (namespaces, cluster-scoped objects, node
   * labels and taints); namespaces, labels and taints are removed, the rest only reported.
   */
  outsideLeftovers(): Promise<string[]>;
  /** Events and pod descriptions: attached to a failed kind block's report. */
  diagnostics(): Promise<string>;
  /** Deletes the namespace and everything in it. */
  close(): Promise<void>;
}

const KINDS = 'pods,services,replicationcontrollers,replicasets,deployments,daemonsets,statefulsets,jobs,persistentvolumeclaims';

const SERVICE_ACCOUNT_WAIT_MS = 30_000;
const RUNNER_ANNOTATION = 'kubia-notes.io/runner';

/**
 * Namespaces of runners that are gone (kill -9 mid-note): deleted, and named for the report.
 * One already Terminating (a finished run deletes its namespace without waiting) is on its way out.
 */
export async function sweepDeadNamespaces(target: KubeTarget): Promise<string[]> {
  const list = await quiet`kubectl --kubeconfig ${target.kubeconfig} get namespaces -o ${String.raw`jsonpath={range .items[*]}{.metadata.name}{"\t"}{.metadata.annotations.kubia-notes\.io/runner}{"\t"}{.status.phase}{"\n"}{end}`}`;
  const dead = list.stdout
    .split('\n')
    .map((line) => line.split('\t'))
    .filter(([name, tag, phase]) => name && tag && phase !== 'Terminating' && !runnerIsAlive(parseRunnerTag(tag) ?? thisRunner()))
    .map(([name]) => name as string);
  for (const name of dead) await quiet`kubectl --kubeconfig ${target.kubeconfig} delete namespace ${name} --wait=false`;
  return dead;
}

/**
 * A new namespace gets its `default` ServiceAccount from the controller manager a moment
 * later; a pod created before that fails with 'serviceaccount "default" not found'. So the
 * first block waits until it exists (bounded).
 */
async function waitForDefaultServiceAccount(kubectl: Shell, name: string): Promise<void> {
  const deadline = performance.now() + SERVICE_ACCOUNT_WAIT_MS;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    const result = await kubectl`kubectl get serviceaccount default -n ${name} -o name`;
    if (result.exitCode === 0) return;
    if (performance.now() + delay > deadline) {
      throw new SetupError(`the namespace ${name} has no default ServiceAccount after ${SERVICE_ACCOUNT_WAIT_MS / 1000} s: ${result.stderr.trim()}`, 'is the cluster\'s controller manager running? `kubectl get pods -n kube-system`');
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export async function openNoteNamespace(target: KubeTarget, note: string, dir: string): Promise<NoteNamespace> {
  const name = `kubia-notes-${note}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);
  const kubeconfig = join(dir, 'kubeconfig');
  await copyFile(target.kubeconfig, kubeconfig);
  const kubectl = $({ quiet: true, nothrow: true, timeout: '120s', env: { ...process.env, KUBECONFIG: kubeconfig } });
  // Every step is checked: a session must never start in a namespace it did not prepare.
  const step = async (what: string, command: Promise<ProcessOutput>) => {
    const result = await command;
    if (result.exitCode !== 0) throw new SetupError(`cannot ${what}: ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ')}`, `check the cluster with \`kubectl --context ${target.context} get namespaces\`; --fresh recreates the project's kind cluster`);
  };
  // A namespace left by an interrupted run is removed first, so every session starts empty.
  await step(`remove the namespace ${name} left by an earlier run`, kubectl`kubectl delete namespace ${name} --ignore-not-found --wait=true --timeout=120s`);
  await step(`create the namespace ${name}`, kubectl`kubectl create namespace ${name}`);
  // Which runner owns it: the next run removes the namespace of a runner that was killed.
  await step(`mark the namespace ${name} as this run's`, kubectl`kubectl annotate namespace ${name} ${`${RUNNER_ANNOTATION}=${runnerTag()}`}`);
  await step(`point the session's kubeconfig at ${name}`, kubectl`kubectl config set-context --current --namespace ${name}`);
  await waitForDefaultServiceAccount(kubectl, name);
  const before = await clusterState(kubectl);
  return {
    name,
    kubeconfig,
    async leftovers() {
      const result = await kubectl`kubectl get ${KINDS} -n ${name} -o ${'jsonpath={range .items[*]}{.kind}/{.metadata.name} {.metadata.deletionTimestamp}{"\\n"}{end}'}`;
      // Pods already terminating (the book's app ignores SIGTERM: 30 s grace) are on their way out.
      const inside = result.stdout.split('\n').filter((line) => line.trim() && !line.trim().includes(' ')).map((line) => line.trim());
      return inside;
    },
    async outsideLeftovers() {
      const after = before && (await clusterState(kubectl));
      if (!before || !after) return [];
      const added = addedSince(before, after, name);
      await removeAdded(kubectl, added);
      return [...added.objects, ...added.nodeMarks.map((mark) => `node ${mark}`)];
    },
    async diagnostics() {
      const events = await kubectl`kubectl get events -n ${name} --sort-by=.lastTimestamp`;
      const pods = await kubectl`kubectl describe pods -n ${name}`;
      const tail = (text: string, lines: number) => text.trimEnd().split('\n').slice(-lines).join('\n');
      return [`--- kubectl get events -n ${name}`, tail(events.stdout || events.stderr, 25), `--- kubectl describe pods -n ${name}`, tail(pods.stdout || pods.stderr, 40)].join('\n');
    },
    async close() {
      await quiet`kubectl --kubeconfig ${kubeconfig} delete namespace ${name} --ignore-not-found --wait=false`;
    },
  };
}
