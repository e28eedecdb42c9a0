// Which run made the project's kind cluster. A run deletes the cluster it made at its end (unless
// --keep) and leaves alone one that was there before it: the user's. A run killed in between
// (kill -9 while `kind create` runs, or later) leaves a cluster that would then pass for the user's
// and stay for ever, with the book-image mirror it keeps alive. So a run claims the cluster before
// it makes it, in a file of the user cache named by engine and cluster, and gives the claim up once
// the cluster is deleted or kept; the next run takes over a cluster whose claimant is dead.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dockerEngineResource } from '../cache/run-lock.ts';
import { parseRunnerTag, runnerIsAlive, runnerTag, type RunnerId } from '../core/runner-id.ts';
import { userCacheDir } from '../cache/user-cache.mjs';

interface Claim {
  /** `host:pid:start` of the run that made the cluster. */
  runner: string;
  /** It ran with --keep: the cluster was to stay, so it is the user's even if the run died. */
  keep: boolean;
}

const claimFile = (cluster: string) => join(userCacheDir(), 'clusters', `${cluster}.${createHash('sha256').update(dockerEngineResource()).digest('hex').slice(0, 12)}.json`);

/** Written before the cluster is made (or taken over): this run deletes it at its end unless `keep`. */
export async function claimCluster(cluster: string, keep: boolean): Promise<void> {
  const file = claimFile(cluster);
  await mkdir(join(file, '..'), { recursive: true });
  // Written beside and renamed: a kill never leaves half a claim.
  await writeFile(`${file}.tmp`, `${JSON.stringify({ runner: runnerTag(), keep } satisfies Claim)}\n`);
  await rename(`${file}.tmp`, file);
}

/** The cluster was deleted or is kept: no run's any more. */
export async function releaseCluster(cluster: string): Promise<void> {
  await rm(claimFile(cluster), { force: true });
}

/** The run that claimed the cluster when it is dead (killed before it deleted or kept it); else undefined. */
export async function deadClaimant(cluster: string): Promise<{ runner: RunnerId; keep: boolean } | undefined> {
  let claim: Claim;
  try {
    claim = JSON.parse(await readFile(claimFile(cluster), 'utf8')) as Claim;
  } catch {
    return undefined; // no claim
  }
  const runner = parseRunnerTag(String(claim.runner));
  return runner && !runnerIsAlive(runner) ? { runner, keep: claim.keep === true } : undefined;
}
