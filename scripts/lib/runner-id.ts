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

function startTime(pid: number): string | undefined {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so count from its ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

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
  const start = startTime(runner.pid);
  return start !== undefined && (runner.start === 'unknown' || start === runner.start);
}
