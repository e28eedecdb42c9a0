import type { NoteRecording } from './schema.ts';
import { parseRecording } from './store.ts';

// Vite bundles the committed recordings at build time (and reloads them in dev). Read as
// text, so that a broken file gets the runner's error, not a JSON parser's stack trace.
const files = import.meta.glob<string>('/content/outputs/*.json', { eager: true, query: '?raw', import: 'default' });

const byNote = new Map<string, NoteRecording>();
for (const [path, text] of Object.entries(files)) {
  const file = path.slice(1);
  const recording = parseRecording(text, file, file.replace(/^.*\/|\.json$/g, ''));
  byNote.set(recording.note, recording);
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
