import type { NoteRecording } from '../../../src/lib/store/schema.ts';

/** `--shard 2/4`: the second of four (1-based). */
export interface Shard {
  index: number;
  count: number;
}

/** What one note is expected to cost a shard. */
export interface NoteWeight {
  note: string;
  /** Milliseconds the note's blocks are expected to take in this run (0: it does not run). */
  weight: number;
}

/**
 * How long a note's blocks took when they were recorded: the sum of its run blocks'
 * recorded durations. Undefined when nothing of it was recorded yet (a new note).
 */
export function recordedDurationMs(recording: NoteRecording): number | undefined {
  const runs = Object.values(recording.blocks).flatMap((block) => (block.kind === 'run' ? [block.durationMs] : []));
  return runs.length ? runs.reduce((sum, ms) => sum + ms, 0) : undefined;
}

/**
 * Each note's weight: its recorded duration, or (nothing recorded yet) the average of the
 * notes that have one, or 1 ms when no note has one, so that unrecorded notes still spread.
 */
export function weightsOf(durations: ReadonlyArray<{ note: string; durationMs: number | undefined }>): NoteWeight[] {
  const known = durations.flatMap((d) => (d.durationMs === undefined ? [] : [d.durationMs]));
  const average = known.length ? known.reduce((sum, ms) => sum + ms, 0) / known.length : 1;
  return durations.map(({ note, durationMs }) => ({ note, weight: durationMs ?? average }));
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Spreads notes over `count` bins, greedy longest first (LPT): each note, heaviest first
 * (equal weights by name), goes to the bin with the least load so far (equal loads: the
 * lower bin). The same notes and weights give the same bins on every machine, so N runners
 * that each compute it agree on who runs what without talking to each other.
 */
export function binsOf(weights: readonly NoteWeight[], count: number): NoteWeight[][] {
  const bins = Array.from({ length: count }, () => ({ load: 0, notes: [] as NoteWeight[] }));
  const order = [...weights].sort((a, b) => b.weight - a.weight || byName(a.note, b.note));
  for (const weight of order) {
    const lightest = bins.reduce((best, bin) => (bin.load < best.load ? bin : best));
    lightest.notes.push(weight);
    lightest.load += weight.weight;
  }
  return bins.map((bin) => bin.notes.sort((a, b) => byName(a.note, b.note)));
}

/** The notes of one shard, by name, and the expected load of every shard (ms). */
export function shardOf(weights: readonly NoteWeight[], shard: Shard): { notes: string[]; loads: number[] } {
  const bins = binsOf(weights, shard.count);
  return {
    notes: (bins[shard.index - 1] ?? []).map((w) => w.note),
    loads: bins.map((bin) => bin.reduce((sum, w) => sum + w.weight, 0)),
  };
}
