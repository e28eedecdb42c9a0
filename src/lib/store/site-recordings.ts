import { freshnessSchema, type Freshness, type NoteRecording } from './schema.ts';
import { parseRecording } from './parse-recording.ts';
import { REPRODUCED_RUNS, runsOf } from './currency.ts';

// Vite bundles the committed recordings at build time (and reloads them in dev). Read as
// text, so that a broken file gets the runner's error, not a JSON parser's stack trace.
const files = import.meta.glob<string>('/content/outputs/*.json', { eager: true, query: '?raw', import: 'default' });

const byNote = new Map<string, NoteRecording>();
/** note → runs on other environments (content/outputs/<note>.<env>.json), by environment name. */
const freshnessByNote = new Map<string, Freshness[]>();
for (const [path, text] of Object.entries(files)) {
  const file = path.slice(1);
  const name = file.replace(/^.*\//, '').replace(/\.json$/, '');
  if (name.includes('.')) {
    const hint = `hint: run it again with \`npm run verify-notes -- --env ${name.split('.')[1]}\`, or delete it`;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file}: not valid JSON: ${(error as Error).message}\n  ${hint}`, { cause: error });
    }
    const parsed = freshnessSchema.safeParse(data);
    if (!parsed.success) throw new Error(`${file}: not a valid results file of another environment: ${parsed.error.issues[0]?.message}\n  ${hint}`);
    freshnessByNote.set(parsed.data.note, [...(freshnessByNote.get(parsed.data.note) ?? []), parsed.data]);
    continue;
  }
  const recording = parseRecording(text, file, name);
  byNote.set(recording.note, recording);
}

/** What became of one block on each other environment the note was run on (e.g. latest). */
export function freshnessFor(note: string, blockKey: string) {
  return (freshnessByNote.get(note) ?? []).flatMap((run) => {
    const block = run.blocks[blockKey];
    return block ? [{ environmentName: run.environmentName, ranAt: run.ranAt, environment: run.environment, block }] : [];
  });
}

/** The recorded output of one block, if it was recorded for exactly this source hash. */
export function recordingFor(note: string, blockKey: string) {
  return byNote.get(note)?.blocks[blockKey];
}

/** What the page and the note list say about a note's verification: blocks, latest run, versions. */
export function verificationSummary(note: string) {
  const runs = Object.values(byNote.get(note)?.blocks ?? {}).filter((b) => b.kind === 'run');
  if (runs.length === 0) return undefined;
  const newest = (of: typeof runs) => (of.length ? of.reduce((a, b) => (a.recordedAt > b.recordedAt ? a : b)) : undefined);
  const latest = newest(runs) as (typeof runs)[number];
  // A block records only the versions of what it needs: each version from the newest block that has it.
  const docker = newest(runs.filter((run) => run.environment.docker))?.environment.docker?.server;
  const kubernetes = newest(runs.filter((run) => run.environment.kubernetes))?.environment.kubernetes?.server;
  return {
    blocks: runs.length,
    /** Recordings no second run printed again (currency.ts): the summary does not call them verified. */
    singleRun: runs.filter((run) => runsOf(run) < REPRODUCED_RUNS).length,
    recordedAt: latest.recordedAt,
    docker,
    kubernetes,
  };
}
