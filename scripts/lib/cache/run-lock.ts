import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runnerIsAlive, thisRunner, type RunnerId } from '../core/runner-id.ts';
import { EXIT, UserError } from '../core/user-error.ts';

/** Who holds a lock: enough for a user to find the other run and decide what to do. */
export interface LockHolder {
  runner: RunnerId;
  /** What the lock is for, e.g. `docker engine unix:///var/run/docker.sock`. */
  resource: string;
  startedAt: string;
  /** The checkout the other run works in, and its command line. */
  cwd: string;
  command: string;
}

/** Another run holds the engine or cluster: refuse (exit 5), naming it. */
export class LockedError extends UserError {
  constructor(holder: LockHolder, waitedMs?: number) {
    super(
      `${holder.resource} is in use by another verify-notes run${waitedMs ? ` (waited ${Math.round(waitedMs / 1000)} s)` : ''}: pid ${holder.runner.pid} on ${holder.runner.host}, started ${holder.startedAt}, in ${holder.cwd} (${holder.command})`,
      'two runs on one engine would remove each other\'s containers: wait for it to finish, or pass --wait to queue behind it',
      EXIT.locked,
    );
  }
}

// A dot name: the sweep of dead sessions' temp dirs (kubia-notes-*) never sees it.
export const LOCK_DIR = join(tmpdir(), '.kubia-notes-locks');

const lockPath = (resource: string) => join(LOCK_DIR, `${createHash('sha256').update(resource).digest('hex').slice(0, 16)}.lock`);

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(join(path, 'holder.json'), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * Takes the lock of one shared resource (a Docker engine, a cluster). mkdir is atomic, so
 * of two runs exactly one gets it. A lock whose holder is dead (kill -9, a crash) is taken
 * over. A live holder makes this run refuse, or with `waitMs` wait for it (bounded).
 */
export async function acquireLock(resource: string, options: { waitMs?: number; log?: (line: string) => void } = {}): Promise<() => Promise<void>> {
  await mkdir(LOCK_DIR, { recursive: true });
  const path = lockPath(resource);
  const started = performance.now();
  let announced = false;
  for (let delay = 200; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      await mkdir(path);
      const holder: LockHolder = { runner: thisRunner(), resource, startedAt: new Date().toISOString(), cwd: process.cwd(), command: process.argv.slice(2).join(' ') || '(no options)' };
      await writeFile(join(path, 'holder.json'), JSON.stringify(holder));
      return () => rm(path, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(path);
    // A lock without a holder file is being written this instant; one whose holder is dead is free.
    if (holder && !runnerIsAlive(holder.runner)) {
      options.log?.(`taking over the lock of ${resource}: its holder (pid ${holder.runner.pid}, started ${holder.startedAt}) is gone`);
      await rm(path, { recursive: true, force: true });
      continue;
    }
    const waited = performance.now() - started;
    if (holder && (options.waitMs === undefined || waited >= options.waitMs)) throw new LockedError(holder, options.waitMs === undefined ? undefined : waited);
    if (holder && !announced) {
      options.log?.(`waiting for ${resource}: held by pid ${holder.runner.pid} (${holder.cwd}), at most ${Math.round((options.waitMs ?? 0) / 1000)} s`);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** The resources a run locks: the Docker engine it talks to, and the cluster. */
export function dockerEngineResource(env: NodeJS.ProcessEnv = process.env): string {
  return `docker engine ${env.DOCKER_HOST ?? (env.DOCKER_CONTEXT ? `context ${env.DOCKER_CONTEXT}` : 'default')} on ${hostname()}`;
}
