import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who made something: host, pid and the pid's start time (clock ticks since boot, from
 * /proc). With the start time, a pid reused by another process after a crash is not taken
 * for the runner that left things behind.
 */
export interface RunnerId {
  host: string;
  pid: number;
  start: string;
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces: count from its ')'). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

// Field 22 of /proc/<pid>/stat.
const startTime = (pid: number): string | undefined => statFields(pid)?.[19];

let self: RunnerId | undefined;

export function thisRunner(): RunnerId {
  self ??= { host: hostname(), pid: process.pid, start: startTime(process.pid) ?? 'unknown' };
  return self;
}

/** `host:pid:start`, as labels, markers and temp dir names carry it. */
export function runnerTag(runner: RunnerId = thisRunner()): string {
  return `${runner.host}:${runner.pid}:${runner.start}`;
}

export function parseRunnerTag(tag: string): RunnerId | undefined {
  const match = /^(.*):(\d+):(\w+)$/.exec(tag);
  return match ? { host: match[1] as string, pid: Number(match[2]), start: match[3] as string } : undefined;
}

/** Is that runner still running? On another host we cannot tell, so we assume it is. */
export function runnerIsAlive(runner: RunnerId): boolean {
  if (runner.host !== hostname()) return true;
  const fields = statFields(runner.pid);
  // A killed runner stays a zombie (Z, or X while being reaped) until its parent reaps it,
  // which an init that reaps slowly, or a container without one, may never do.
  if (fields === undefined || fields[0] === 'Z' || fields[0] === 'X') return false;
  return runner.start === 'unknown' || fields[19] === runner.start;
}
