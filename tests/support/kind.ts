import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userCacheDir } from '../../scripts/lib/cache/user-cache.mjs';

/** Is `tool` on PATH? */
export const has = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** kind, kubectl and docker are here: the kind suites run (CI fails without them). */
export const kindReady = has('kind') && has('kubectl') && has('docker');

/** The kind clusters on the engine. */
export const clusters = () => execFileSync('kind', ['get', 'clusters'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean);

/** A container named kubia-notes-mirror exists (ours or not). */
export const mirrorExists = () => {
  try {
    execFileSync('docker', ['container', 'inspect', 'kubia-notes-mirror'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** The files claiming a kind cluster for a run (scripts/lib/kubernetes/cluster-claim.ts), in that user cache. */
export const claimsOf = (cluster: string, env: NodeJS.ProcessEnv = process.env) => {
  const dir = join(userCacheDir(env), 'clusters');
  try {
    return readdirSync(dir).filter((name) => name.startsWith(`${cluster}.`)).map((name) => join(dir, name));
  } catch {
    return [];
  }
};

/** A process of this machine whose argv matches: what a run is doing right now (to kill it there). */
export const processRunning = (matches: (argv: string[]) => boolean) => readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).some((pid) => {
  try {
    return matches(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
  } catch {
    return false;
  }
});

/**
 * A run of `project` killed with SIGKILL once `busy()` holds (it is checked every 100 ms, for at
 * most `limitMs`), then the next `--update` run, which must take the orphaned cluster over: that
 * run is returned for the caller to check what it did.
 */
export async function killWhileThenRerun(project: { runWith: (options: { onStart?: (pid: number) => void }, ...args: string[]) => Promise<{ code: number | null; stderr: string }>; run: (...args: string[]) => Promise<{ code: number | null; stderr: string }> }, busy: () => boolean, what: string, limitMs: number) {
  let pid = 0;
  const victim = project.runWith({ onStart: (started) => (pid = started) }, '--update');
  const deadline = Date.now() + limitMs;
  while (!busy()) {
    if (Date.now() > deadline) throw new Error(`the run never started to ${what} within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, 'SIGKILL');
  await victim;
  const next = await project.run('--update');
  if (next.code !== 0 || !/this run takes it over/.test(next.stderr)) throw new Error(`the next run did not take the killed run's cluster over (exit ${next.code}):\n${next.stderr}`);
  return next;
}
