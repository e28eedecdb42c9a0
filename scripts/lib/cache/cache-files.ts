import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// Small files under ~/.cache/kubia-notes (user-cache.ts) that spare a run work an earlier run
// already did (parse-cache.ts, validated-recordings.ts). Each holds a result together with
// the key it was made from; a file that is missing, damaged or of another key is a miss, so
// losing the whole cache only costs time.

/** A file per note or recording in use, plus temp fixtures, is far below this. */
const MAX_FILES = 256;

export function sha256(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

const INSTALLED = [new URL('../../../node_modules/.package-lock.json', import.meta.url), new URL('../../../package-lock.json', import.meta.url)];
let installed: Promise<string | undefined> | undefined;

/** A hash of npm's record of what is installed (else of the lockfile): every package's version; once a run. */
function installedPackages(): Promise<string | undefined> {
  installed ??= (async () => {
    for (const url of INSTALLED) {
      const text = await readFile(url, 'utf8').catch(() => undefined);
      if (text !== undefined) return sha256(text);
    }
    return undefined;
  })();
  return installed;
}

/**
 * A hash of the code that makes a result: the given source files, every installed package
 * and Node's Unicode tables. Undefined when the installed versions cannot be read: then
 * nothing may be cached.
 */
export async function codeFingerprint(format: string, sources: readonly URL[]): Promise<string | undefined> {
  const packages = await installedPackages();
  if (packages === undefined) return undefined;
  const texts = await Promise.all(sources.map(async (url) => `${url.pathname}\n${await readFile(url, 'utf8')}`));
  return sha256(format, process.versions.unicode ?? '', packages, ...texts);
}

/** The cache file of one thing (a note's or a recording's path) in a cache dir. */
export const cacheFileOf = (dir: string, thing: string) => join(dir, `${sha256(thing)}.json`);

/** The value kept under `key`, or undefined. */
export async function readCached<T>(file: string, key: string): Promise<T | undefined> {
  try {
    const kept = JSON.parse(await readFile(file, 'utf8')) as { key?: unknown; value?: T };
    return kept.key === key ? kept.value : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `value` under `key`, atomically; never fails (a read-only cache is only slower). */
export async function writeCached(file: string, key: string, value: unknown): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify({ key, value }));
    await rename(temp, file);
    await prune(dirname(file));
  } catch {
    // Unwritable or full: the next run does the work again.
  }
}

/** Keeps the newest MAX_FILES files: the notes of temp fixtures must not pile up. */
async function prune(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.json'));
  if (names.length <= MAX_FILES) return;
  const aged = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
  aged.sort((a, b) => b.mtime - a.mtime);
  await Promise.all(aged.slice(MAX_FILES).map(({ name }) => rm(join(dir, name), { force: true })));
}
