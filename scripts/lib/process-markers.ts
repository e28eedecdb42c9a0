import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes are found by a marker in their environment (KUBIA_NOTES_BLOCK=…), which every
 * child inherits, also through `setsid` or a double fork that leaves the block's process
 * group. Linux only (/proc); elsewhere nothing is found.
 */
export function markedProcesses(name: string, matches: (value: string) => boolean): number[] {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return [];
  }
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
