// Plain JavaScript: see scripts/verify-notes.mjs for why.
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';
import { userCacheDir } from './user-cache.mjs';

/**
 * Where Node keeps the runner's compiled code between runs: the user's cache dir, never the repo.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {string}
 */
export function compileCacheDir(env = process.env) {
  return join(userCacheDir(env), 'node-compile-cache');
}

/**
 * Turns on Node's compile cache for every module loaded from now on: V8's code cache, and
 * for TypeScript the stripped source, so a run neither recompiles zod and our modules nor
 * strips the types again. Node checks each entry against the file's content, so an edited
 * module is simply compiled anew. A cache that cannot be written (a read-only home) only
 * costs the time it would have saved; NODE_COMPILE_CACHE and NODE_DISABLE_COMPILE_CACHE work
 * as Node documents them.
 */
export function enableRunnerCompileCache() {
  enableCompileCache(compileCacheDir());
}
