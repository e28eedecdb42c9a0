import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes are found by a marker in their environment (KUBIA_NOTES_BLOCK=…), which every
 * child inherits, also through `setsid` or a double fork that leaves the block's process
 * group. Linux only (/proc); elsewhere nothing is found.
 */
export function markedProcesses(name: string, matches: (value: string) => boolean, since?: PidCursor): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
  if (since !== undefined) pids = pids.filter(createdAfter(since, lastPid()));
  const prefix = `${name}=`;
  const found: number[] = [];
  for (const pid of pids) {
    if (Number(pid) === process.pid) continue;
    let environ: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
    } catch {
      continue; // gone already, or not ours to read
    }
    const start = environ.indexOf(prefix);
    if (start < 0 || (start > 0 && environ[start - 1] !== '\0')) continue;
    const end = environ.indexOf('\0', start);
    if (matches(environ.slice(start + prefix.length, end < 0 ? undefined : end))) found.push(Number(pid));
  }
  return found;
}

/** The last pid the kernel handed out, from /proc/loadavg: where processes started later begin. */
export type PidCursor = number | undefined;

export function lastPid(): PidCursor {
  try {
    const last = Number(readFileSync('/proc/loadavg', 'latin1').trim().split(/\s+/)[4]);
    return Number.isInteger(last) && last > 0 ? last : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Pids are handed out in increasing order and wrap around, so what started between two
 * cursors has a pid in (from, to], cyclically. Checking only those keeps the per-block scan
 * at a few reads instead of one per process on the machine. Without cursors: every pid.
 */
export function createdAfter(from: PidCursor, to: PidCursor): (pid: string) => boolean {
  if (from === undefined || to === undefined) return () => true;
  return (entry) => {
    const pid = Number(entry);
    return to >= from ? pid > from && pid <= to : pid > from || pid <= to;
  };
}

/** SIGKILL to each; returns how many were still there. */
export function killProcesses(pids: readonly number[]): number {
  let killed = 0;
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // Already gone.
    }
  }
  return killed;
}
