import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunnerTag, runnerIsAlive, thisRunner, type RunnerId } from './runner-id.ts';

// kubia-notes-<what>.<pid>.<start>-XXXXXX: the name says which runner made it, so the next
// run can remove what a killed one left (nothing is written inside: blocks may list the dir).
const NAME = /^kubia-notes-(.+)\.(\d+)\.(\w+)-[A-Za-z0-9]{6}$/;

/** A temp dir of this runner, named by it. */
export function runnerTempDir(what: string): Promise<string> {
  const { pid, start } = thisRunner();
  return mkdtemp(join(tmpdir(), `kubia-notes-${what.replace(/[^\w-]/g, '_')}.${pid}.${start}-`));
}

/** Temp dirs of runners on this host that are gone; removed, and listed for the report. */
export async function sweepTempDirs(): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(tmpdir())) {
    const match = NAME.exec(name);
    if (!match) continue;
    const runner: RunnerId | undefined = parseRunnerTag(`${thisRunner().host}:${match[2]}:${match[3]}`);
    if (!runner || runnerIsAlive(runner)) continue;
    await rm(join(tmpdir(), name), { recursive: true, force: true });
    removed.push(join(tmpdir(), name));
  }
  return removed;
}
