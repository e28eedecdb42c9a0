import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { userCacheDir } from '../../scripts/lib/user-cache.mjs';

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

/** The files claiming a kind cluster for a run (scripts/lib/cluster-claim.ts), in that user cache. */
export const claimsOf = (cluster: string, env: NodeJS.ProcessEnv = process.env) => {
  const dir = join(userCacheDir(env), 'clusters');
  try {
    return readdirSync(dir).filter((name) => name.startsWith(`${cluster}.`)).map((name) => join(dir, name));
  } catch {
    return [];
  }
};
