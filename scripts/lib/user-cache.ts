import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The project's cache outside the repo, `${XDG_CACHE_HOME:-~/.cache}/kubia-notes`, the one
 * the airgap scripts use too: what is kept there can always be made again, and removing the
 * dir is always safe.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'kubia-notes');
}
