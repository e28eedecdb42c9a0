import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { NoteRecording } from '../../../src/lib/store/schema.ts';
import { readRecordingText, recordingPath } from '../../../src/lib/store/store.ts';

/**
 * What an --update that failed at a block keeps of its attempt: the recordings of the blocks
 * before it that passed (and reproduced), to be completed by `--update --from <resumeAt>`.
 * It lives beside the recording as `<note>.json.partial`: never a *.json, so the site, --static
 * and verify never read it as a recording, and git ignores it (.gitignore).
 */
export interface PendingRecording {
  /** The first block the attempt did not record: where `--from` resumes. */
  resumeAt: string;
  /** When the attempt ran (ISO). */
  madeAt: string;
  /** The recordings of the blocks before `resumeAt` (and the file blocks), as `--update` makes them. */
  recording: NoteRecording;
}

const FORMAT = 'kubia-notes pending recording 1';

export const pendingPath = (note: string, root = '.'): string => `${recordingPath(note, root)}.partial`;

/**
 * The note's pending recording, if there is one that can be read. A file of another format or
 * another note, or one that no longer parses, is removed: `dropped` says why, for a notice.
 */
export async function readPending(note: string, source: string, root = '.'): Promise<{ pending?: PendingRecording; dropped?: string }> {
  const path = pendingPath(note, root);
  const text = await readRecordingText(path);
  if (text === undefined) return {};
  const why = await unreadable(text, note, source);
  if (typeof why === 'string') {
    await rm(path, { force: true });
    return { dropped: `${path}: ${why}: dropped` };
  }
  return { pending: why };
}

async function unreadable(text: string, note: string, source: string): Promise<string | PendingRecording> {
  let data: { format?: unknown; resumeAt?: unknown; madeAt?: unknown; recording?: unknown };
  try {
    data = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (data.format !== FORMAT || typeof data.resumeAt !== 'string' || typeof data.madeAt !== 'string') return `not a pending recording of this runner (format "${String(data.format)}")`;
  const { noteRecordingSchema } = await import('../../../src/lib/store/schema.ts');
  const parsed = noteRecordingSchema.safeParse(data.recording);
  if (!parsed.success) return `its recordings do not parse (${parsed.error.issues[0]?.message})`;
  if (parsed.data.note !== note || parsed.data.source !== source) return `made for ${parsed.data.source}, not ${source}`;
  return { resumeAt: data.resumeAt, madeAt: data.madeAt, recording: parsed.data };
}

/** Writes it atomically, as a recording is written. */
export async function writePending(pending: PendingRecording, root = '.'): Promise<string> {
  const path = pendingPath(pending.recording.note, root);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ format: FORMAT, resumeAt: pending.resumeAt, madeAt: pending.madeAt, recording: pending.recording }, null, 2)}\n`);
  await rename(temp, path);
  return path;
}

/** Removes the note's pending recording; true when there was one. */
export async function dropPending(note: string, root = '.'): Promise<boolean> {
  const path = pendingPath(note, root);
  const had = (await readRecordingText(path)) !== undefined;
  await rm(path, { force: true });
  return had;
}
