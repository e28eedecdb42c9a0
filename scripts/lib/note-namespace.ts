import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { $ } from 'zx';
import type { KubeTarget } from './kubernetes.ts';

const quiet = $({ quiet: true, nothrow: true, timeout: '120s' });

/** The namespace a note's kubectl blocks run in: their objects are found and removed by it. */
export interface NoteNamespace {
  name: string;
  /** A kubeconfig whose current context points at the namespace. */
  kubeconfig: string;
  /** Objects still there that are not already being deleted. */
  leftovers(): Promise<string[]>;
  /** Events and pod descriptions: attached to a failed kind block's report. */
  diagnostics(): Promise<string>;
  /** Deletes the namespace and everything in it. */
  close(): Promise<void>;
}

const KINDS = 'pods,services,replicationcontrollers,replicasets,deployments,daemonsets,statefulsets,jobs,persistentvolumeclaims';

export async function openNoteNamespace(target: KubeTarget, note: string, dir: string): Promise<NoteNamespace> {
  const name = `kubia-notes-${note}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);
  const kubeconfig = join(dir, 'kubeconfig');
  await copyFile(target.kubeconfig, kubeconfig);
  const kubectl = $({ quiet: true, nothrow: true, timeout: '120s', env: { ...process.env, KUBECONFIG: kubeconfig } });
  // A namespace left by an interrupted run is removed first, so every session starts empty.
  await kubectl`kubectl delete namespace ${name} --ignore-not-found --wait=true --timeout=120s`;
  const created = await kubectl`kubectl create namespace ${name}`;
  if (created.exitCode !== 0) throw new Error(`cannot create namespace ${name}: ${created.stderr.trim()}`);
  await kubectl`kubectl config set-context --current --namespace ${name}`;
  return {
    name,
    kubeconfig,
    async leftovers() {
      const result = await kubectl`kubectl get ${KINDS} -n ${name} -o ${'jsonpath={range .items[*]}{.kind}/{.metadata.name} {.metadata.deletionTimestamp}{"\\n"}{end}'}`;
      // Pods already terminating (the book's app ignores SIGTERM: 30 s grace) are on their way out.
      return result.stdout.split('\n').filter((line) => line.trim() && !line.trim().includes(' ')).map((line) => line.trim());
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
