// Plain JavaScript, like compile-cache.mjs: verify-notes' entry uses it before the compile
// cache is on (see scripts/verify-notes.mjs).
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The project's cache outside the repo, `${XDG_CACHE_HOME:-~/.cache}/kubia-notes`, the one
 * the airgap scripts use too: what is kept there can always be made again, and removing the
 * dir is always safe.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function userCacheDir(env = process.env) {
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'kubia-notes');
}
