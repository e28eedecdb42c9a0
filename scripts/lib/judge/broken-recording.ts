import { copyFile } from 'node:fs/promises';
import type { NoteRecording } from '../../../src/lib/store/schema.ts';
import { RecordingFileError, recordingPath } from '../../../src/lib/store/store.ts';

/** A recording as `--update` reads it: a file that is no recording is to be replaced, not obeyed. */
export interface RecordingForUpdate {
  recording: NoteRecording;
  /** Why the file on disk cannot be read (merge-conflict markers, cut short); it is replaced. */
  broken?: string;
}

type Reader = (note: string, source: string, root?: string) => Promise<NoteRecording>;

/**
 * `--update` re-records a note whose recording file is broken (the hint of every other mode
 * sends the user here) as if it had none. The broken file stays where it is until the new
 * recording replaces it, and then `keepBrokenCopy` keeps it beside: git may not have it.
 */
export async function readForUpdate(read: Reader, note: string, source: string, root = '.'): Promise<RecordingForUpdate> {
  try {
    return { recording: await read(note, source, root) };
  } catch (error) {
    if (!(error instanceof RecordingFileError)) throw error;
    return { recording: { note, source, blocks: {} }, broken: error.message.split('\n')[0] as string };
  }
}

/** What `--update` says before it runs a note whose recording is broken. */
export const brokenNotice = (note: string, root = '.'): string =>
  `--update runs the note as unrecorded and replaces that file; when it writes the new one, the old one is kept beside it as ${recordingPath(note, root)}.broken-<time>`;

/** Copies the broken file to `<note>.json.broken-<time>` (never a *.json: nothing reads it as a recording). */
export async function keepBrokenCopy(note: string, root = '.', now = new Date()): Promise<string> {
  const path = recordingPath(note, root);
  const copy = `${path}.broken-${now.toISOString().replace(/[:.]/g, '-')}`;
  await copyFile(path, copy);
  return copy;
}
