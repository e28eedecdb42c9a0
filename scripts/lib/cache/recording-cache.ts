import { join, resolve } from 'node:path';
import type { NoteRecording } from '../../../src/lib/store/schema.ts';
import { readRecordingText, recordingPath } from '../../../src/lib/store/store.ts';
import { cacheFileOf, codeFingerprint, readCached, sha256, writeCached } from './cache-files.ts';
import { userCacheDir } from './user-cache.mjs';

/** Changed when what is kept changes, so files of an older runner are never misread. */
const FORMAT = 'kubia-notes checked recording 1';
const STORE = new URL('../../../src/lib/store/', import.meta.url);
const CHECKER = ['parse-recording.ts', 'recording-file-error.ts', 'schema.ts'].map((name) => new URL(name, STORE));

let fingerprint: Promise<string | undefined> | undefined;

/**
 * The note's recordings as `readRecording` gives them, without loading the schema (zod, the
 * biggest part of the runner's start-up) when the same text was checked before by the same
 * checker: what is kept is the checked value, keyed by the file's text and the checker's code
 * and installed packages. A file that fails the check is never kept, so its error always
 * comes from a real check.
 */
export async function cachedReadRecording(note: string, source: string, root = '.', cacheDir = join(userCacheDir(), 'checked-recordings')): Promise<NoteRecording> {
  const path = recordingPath(note, root);
  const text = await readRecordingText(path);
  if (text === undefined) return { note, source, blocks: {} };
  fingerprint ??= codeFingerprint(FORMAT, CHECKER);
  const checker = await fingerprint;
  const key = checker && sha256(checker, path, note, text);
  const file = cacheFileOf(cacheDir, resolve(path));
  const cached = key ? await readCached<NoteRecording>(file, key) : undefined;
  if (cached && typeof cached === 'object') return cached;
  const { parseRecording } = await import('../../../src/lib/store/parse-recording.ts');
  const recording = parseRecording(text, path, note);
  if (key) await writeCached(file, key, recording);
  return recording;
}
