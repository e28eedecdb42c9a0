import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { noteRecordingSchema, type NoteRecording } from './schema.ts';

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
  const parsed = noteRecordingSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new RecordingFileError(`${path}: not a valid recording file (${parsed.error.issues[0]?.message ?? 'schema'})\n  hint: restore it with git, or re-record with \`npm run verify-notes -- --update --note ${note}\``);
  }
  return parsed.data;
}

/**
 * Writes the recordings atomically (temp file + rename), so an interrupted run can never
 * leave a half-written file behind. Keys are sorted for stable diffs in review.
 */
export async function writeRecording(recording: NoteRecording, root = '.'): Promise<string> {
  const path = recordingPath(recording.note, root);
  await mkdir(dirname(path), { recursive: true });
  const sorted = { ...recording, blocks: Object.fromEntries(Object.entries(recording.blocks).sort(([a], [b]) => a.localeCompare(b))) };
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(sorted, null, 2)}\n`);
  await rename(temp, path);
  return path;
}
