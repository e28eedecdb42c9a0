import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { freshnessSchema, noteRecordingSchema, type Freshness, type NoteRecording } from './schema.ts';

export const OUTPUTS_DIR = 'content/outputs';

export function recordingPath(note: string, root = '.'): string {
  return join(root, OUTPUTS_DIR, `${note}.json`);
}

export class RecordingFileError extends Error {}

/** The note's recordings, or an empty set when none were made yet. */
export async function readRecording(note: string, source: string, root = '.'): Promise<NoteRecording> {
  const path = recordingPath(note, root);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { note, source, blocks: {} };
    throw error;
  }
  return parseRecording(text, path, note);
}

/**
 * A recording file's text as its schema: a merge conflict, a truncated write or a field of
 * the wrong type is a clear error that names the file and the way back, never a stack trace.
 */
export function parseRecording(text: string, path: string, note: string): NoteRecording {
  const hint = `hint: restore it with \`git checkout -- ${path}\` (or resolve the merge conflict), or re-record with \`npm run verify-notes -- --update --note ${note}\``;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const conflict = /^(<<<<<<<|=======|>>>>>>>)/m.test(text) ? ' (it holds merge-conflict markers)' : '';
    throw new RecordingFileError(`${path}: not valid JSON${conflict}: ${(error as Error).message}\n  ${hint}`, { cause: error });
  }
  const parsed = noteRecordingSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RecordingFileError(`${path}: not a valid recording file: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema'}\n  ${hint}`);
  }
  return parsed.data;
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
  const valid = freshnessSchema.parse(freshness);
  const sorted = { ...valid, blocks: Object.fromEntries(Object.entries(valid.blocks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(sorted, null, 2)}\n`);
  await rename(temp, path);
  return path;
}
