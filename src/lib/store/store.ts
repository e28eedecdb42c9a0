import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Freshness, NoteRecording } from './schema.ts';

// The schemas (zod) are loaded only to check or write a file: a runner that finds a recording
// already checked (scripts/lib/cache/recording-cache.ts) never loads them.

export const OUTPUTS_DIR = 'content/outputs';

export function recordingPath(note: string, root = '.'): string {
  return join(root, OUTPUTS_DIR, `${note}.json`);
}

export { RecordingFileError } from './recording-file-error.ts';

/** A recording file's text; undefined when none was made yet. */
export async function readRecordingText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The note's recordings, or an empty set when none were made yet. */
export async function readRecording(note: string, source: string, root = '.'): Promise<NoteRecording> {
  const path = recordingPath(note, root);
  const text = await readRecordingText(path);
  if (text === undefined) return { note, source, blocks: {} };
  const { parseRecording } = await import('./parse-recording.ts');
  return parseRecording(text, path, note);
}

/** JSON with two spaces, except that a recording's `inputs` stay on one line each. */
function serialize(recording: NoteRecording): string {
  return `${JSON.stringify(recording, null, 2).replace(/"inputs": \[(?:\s*"(?:[^"\\]|\\.)*",?)*\s*\]/g, (list) => `"inputs": ${JSON.stringify(JSON.parse(list.slice(10)))}`)}\n`;
}

/**
 * Writes the recordings atomically (temp file + rename), so an interrupted run can never
 * leave a half-written file behind. Block ids are sorted and fields keep
 * schema order, so a re-record changes only the lines of the blocks that changed.
 */
export async function writeRecording(recording: NoteRecording, root = '.'): Promise<string> {
  const path = recordingPath(recording.note, root);
  await mkdir(dirname(path), { recursive: true });
  // Through the schema: fields come out in schema order (and nothing invalid is written);
  // block ids in code-point order, not the locale's, so the same on every machine.
  const { noteRecordingSchema } = await import('./schema.ts');
  const valid = noteRecordingSchema.parse(recording);
  const sorted = { ...valid, blocks: Object.fromEntries(Object.entries(valid.blocks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, serialize(sorted));
  await rename(temp, path);
  return path;
}

/** Where the results of a run on another environment go: beside the recordings, never in them. */
export function freshnessPath(note: string, environmentName: string, root = '.'): string {
  return join(root, OUTPUTS_DIR, `${note}.${environmentName}.json`);
}

export async function writeFreshness(freshness: Freshness, root = '.'): Promise<string> {
  const path = freshnessPath(freshness.note, freshness.environmentName, root);
  await mkdir(dirname(path), { recursive: true });
  const { freshnessSchema } = await import('./schema.ts');
  const valid = freshnessSchema.parse(freshness);
  const sorted = { ...valid, blocks: Object.fromEntries(Object.entries(valid.blocks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(sorted, null, 2)}\n`);
  await rename(temp, path);
  return path;
}
