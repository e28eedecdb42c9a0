import type { Block } from '../../../src/lib/blocks/block.ts';
import { readRecording } from '../../../src/lib/store/store.ts';
import { readForUpdate } from '../judge/broken-recording.ts';
import type { Placement } from '../docker/isolation.ts';
import { readFrontmatter } from './note-frontmatter.ts';
import type { NoteResult } from '../core/results.ts';
import { recordedDurationMs, shardOf, weightsOf } from './shard.ts';

export interface LoadedNote {
  note: string;
  source: string;
  blocks: Block[];
}

export interface NoteSelection<N extends LoadedNote> {
  /** The notes this run runs (or, for --static and --list, reads): its shard, minus current notes with --changed. */
  notes: N[];
  /** The notes of its shard that --changed found current: reported as `skipped (current)`, not run. */
  skipped: NoteResult[];
  /** With --jobs N > 1: where each note runs, and why. */
  placements: Map<string, Placement>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The result of a note --changed leaves out: every run block skipped, with the reason. */
export function skippedResult({ note, source, blocks }: LoadedNote, why: string): NoteResult {
  return {
    note,
    source,
    skipped: 'current',
    blocks: blocks.filter((b) => b.kind === 'run').map((block) => ({ block, status: 'skipped', message: `skipped (current): ${why}` })),
    problems: [],
  };
}

/**
 * Which notes this run takes, between loading them and running them:
 * 1. --changed: a note runs when its recordings are not current (changed.ts) or, with
 *    --since REF, when its note, original or recording file changed since REF; every other
 *    note is reported as skipped (current).
 * 2. --shard I/N: the notes are spread over N shards by what they are expected to cost
 *    this run (their recorded block durations; 0 for a note --changed skips), and this run
 *    keeps shard I. A skipped note still belongs to one shard, so that the shards' reports
 *    merged list every note exactly once.
 * 3. --jobs N > 1: each kept note's placement (isolation.ts).
 * What it decided is said on `log`, one line each.
 */
/** The options that choose notes (a part of VerifyOptions, named here so selection needs nothing of the CLI). */
export interface SelectionOptions {
  root: string;
  changed: boolean;
  since?: string;
  shard?: { index: number; count: number };
  jobs: number;
  update?: boolean;
}

export async function selectNotes<N extends LoadedNote>(loaded: readonly N[], options: SelectionOptions, log: (line: string) => void = () => {}): Promise<NoteSelection<N>> {
  const placements = new Map<string, Placement>();
  let notes = [...loaded];
  const skippedWhy = new Map<string, string>();
  if (options.changed || options.shard) {
    const recordings = new Map(await Promise.all(loaded.map(async (n) => [n.note, (options.update ? (await readForUpdate(readRecording, n.note, n.source, options.root)).recording : await readRecording(n.note, n.source, options.root))] as const)));
    if (options.changed) {
      // Loaded only when asked for: a plain run's start-up does not pay for them.
      const [{ changedSince, filesOfNote, staleness }, { pinnedEnvironment }] = await Promise.all([import('./changed.ts'), import('../core/pinned-environment.ts')]);
      const pinned = pinnedEnvironment();
      const changedFiles = options.since === undefined ? undefined : await changedSince(options.root, options.since);
      const runs: string[] = [];
      for (const n of loaded) {
        const recording = recordings.get(n.note) ?? { note: n.note, source: n.source, blocks: {} };
        let reason = staleness(n.blocks, recording, pinned);
        if (!reason && changedFiles) {
          const { original } = await readFrontmatter(options.root, n.source);
          const touched = filesOfNote(n.note, n.source, original).filter((file) => changedFiles.has(file));
          if (touched.length) reason = `changed since ${options.since}: ${touched.join(', ')}`;
        }
        if (reason) runs.push(`${n.note} (${reason})`);
        else skippedWhy.set(n.note, `its recordings are current${changedFiles ? ` and its files did not change since ${options.since}` : ''}`);
      }
      log(`--changed: ${runs.length} of ${loaded.length} note(s) to run${runs.length ? `: ${runs.join('; ')}` : ''}${skippedWhy.size ? `; skipped (current): ${[...skippedWhy.keys()].join(', ')}` : ''}`);
    }
    if (options.shard) {
      const weights = weightsOf(loaded.map((n) => ({ note: n.note, durationMs: recordedDurationMs(recordings.get(n.note) ?? { note: n.note, source: n.source, blocks: {} }) })));
      const thisRun = weights.map((w) => (skippedWhy.has(w.note) ? { ...w, weight: 0 } : w));
      const { notes: mine, loads } = shardOf(thisRun, options.shard);
      notes = notes.filter((n) => mine.includes(n.note));
      log(`shard ${options.shard.index}/${options.shard.count}: ${mine.length ? mine.join(', ') : 'no note'} (≈ ${seconds(loads[options.shard.index - 1] ?? 0)} of recorded blocks to run; the shards: ${loads.map(seconds).join(', ')})`);
    }
  }
  const skipped = notes.filter((n) => skippedWhy.has(n.note)).map((n) => skippedResult(n, skippedWhy.get(n.note) as string));
  notes = notes.filter((n) => !skippedWhy.has(n.note));
  if (options.jobs > 1) {
    const { placementsOf } = await import('../docker/isolation.ts');
    const declared = await Promise.all(notes.map(async (n) => ({ note: n.note, blocks: n.blocks, isolated: (await readFrontmatter(options.root, n.source)).isolated })));
    for (const [note, placement] of placementsOf(declared)) {
      placements.set(note, placement);
      log(`${placement.mode}: ${note}: ${placement.reason}`);
    }
  }
  return { notes, skipped, placements };
}
