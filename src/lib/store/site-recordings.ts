import { noteRecordingSchema, type NoteRecording } from './schema.ts';

// Vite bundles the committed recordings at build time (and reloads them in dev).
const files = import.meta.glob<unknown>('/content/outputs/*.json', { eager: true, import: 'default' });

const byNote = new Map<string, NoteRecording>();
for (const [path, data] of Object.entries(files)) {
  const parsed = noteRecordingSchema.safeParse(data);
  if (!parsed.success) {
    throw new Error(`${path.slice(1)}: not a valid recording file: ${parsed.error.message}\n  hint: re-record it with \`npm run verify-notes -- --update\``);
  }
  byNote.set(parsed.data.note, parsed.data);
}

/** The recorded output of one block, if it was recorded for exactly this source hash. */
export function recordingFor(note: string, blockKey: string) {
  return byNote.get(note)?.blocks[blockKey];
}

/** What the page and the note list say about a note's verification: blocks, latest run, versions. */
export function verificationSummary(note: string) {
  const runs = Object.values(byNote.get(note)?.blocks ?? {}).filter((b) => b.kind === 'run');
  if (runs.length === 0) return undefined;
  const latest = runs.reduce((a, b) => (a.recordedAt > b.recordedAt ? a : b));
  return {
    blocks: runs.length,
    recordedAt: latest.recordedAt,
    docker: latest.environment.docker?.server,
    kubernetes: latest.environment.kubernetes?.server,
  };
}
