import { objectsByRunner, removeDockerLeaks } from './docker-resources.ts';
import { removeUnusedBookMirror } from './mirror-container.ts';
import { killProcesses, markedProcesses } from '../core/process-markers.ts';
import { parseRunnerTag, runnerIsAlive } from '../core/runner-id.ts';
import { sweepTempDirs } from '../core/temp-dirs.ts';

const dead = (tag: string) => {
  const runner = parseRunnerTag(tag);
  return runner !== undefined && !runnerIsAlive(runner);
};

/**
 * What runners that are gone (kill -9, a crash, a closed laptop lid) left behind on this
 * host: their processes (the runner's own `kind create` and `docker build` too), Docker objects
 * and temp dirs, and a book-image mirror no kind cluster uses. Run under the engine's lock,
 * before the cluster is prepared, so no live run's objects can be among them and nothing of a
 * dead run still works on the cluster. Returns one line per kind of thing removed.
 */
export async function sweepDeadRunners(options: { docker: boolean }): Promise<string[]> {
  const report: string[] = [];
  const processes = markedProcesses('KUBIA_NOTES_RUNNER', dead);
  if (killProcesses(processes)) report.push(`killed ${processes.length} process(es) of a dead run (pids ${processes.join(', ')})`);
  // Once no dead run's process works any more, its Docker objects, an unused mirror and its
  // temp dirs are independent of each other: removed side by side, reported in this order.
  const [objects, mirror, dirs] = await Promise.all([options.docker ? removeDeadRunnersObjects() : undefined, options.docker ? removeUnusedBookMirror() : undefined, sweepTempDirs()]);
  if (objects) report.push(objects);
  // A cluster deleted by hand (`kind delete cluster`) leaves the book-image mirror behind.
  if (mirror) report.push(mirror);
  if (dirs.length) report.push(`removed ${dirs.length} temp dir(s) of a dead run: ${dirs.join(', ')}`);
  return report;
}

/** Removes the Docker objects of dead runners; what was removed, for the report. */
async function removeDeadRunnersObjects(): Promise<string | undefined> {
  const objects = (await objectsByRunner()).filter((o) => dead(o.runner));
  if (!objects.length) return undefined;
  await removeDockerLeaks(objects);
  return `removed from Docker what a dead run left: ${objects.map((o) => `${o.kind} ${o.description}`).join('; ')}`;
}
