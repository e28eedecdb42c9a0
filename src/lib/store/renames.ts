import type { Block } from '../blocks/block.ts';
import type { NoteRecording } from './schema.ts';

/** A recorded block the note now calls by another id. */
export interface Rename {
  from: string;
  to: string;
  /** `hash`: the same block under a new id; `place`: an inferred id that changed with its first command. */
  by: 'hash' | 'place';
}

type RenameBlock = Pick<Block, 'key' | 'kind' | 'hash'> & { meta: Pick<Block['meta'], 'inferred'> };

const keyOf = (input: string) => input.slice(0, input.lastIndexOf('@'));

/** The key standing next to `index` among `keys` that `isNeighbour` accepts, looking `step` (-1 or 1) away. */
function neighbour(keys: readonly string[], index: number, step: 1 | -1, isNeighbour: (key: string) => boolean): string {
  for (let i = index + step; i >= 0 && i < keys.length; i += step) if (isNeighbour(keys[i] as string)) return keys[i] as string;
  return '';
}

/** Pairs that are alone on both sides: one gone recording, one new block. */
function uniquePairs<T>(gone: ReadonlyMap<string, T>, fresh: ReadonlyMap<string, T>, same: (a: T, b: T) => boolean): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [to, mark] of fresh) {
    const from = [...gone].filter(([, other]) => same(other, mark));
    const rivals = [...fresh].filter(([, other]) => same(other, mark));
    if (from.length === 1 && rivals.length === 1) pairs.push([(from[0] as [string, T])[0], to]);
  }
  return pairs;
}

/**
 * Recordings no block of their id matches, matched to run blocks without theirs, so that a new
 * id is a rename and not an orphan plus a new block: the same source hash (the block only
 * changed its id, or a duplicate above shifted its `-2`), or, for a new inferred id that changed
 * with its first command, the same place (between the same recorded neighbours, alone there on
 * both sides). The recordings come back filed under the new ids, with every `inputs` entry
 * naming them by their new ids too; `displaced`: recordings whose id another one took over.
 */
export function carriedOver(recording: NoteRecording, blocks: readonly RenameBlock[]): { recording: NoteRecording; renames: Rename[]; displaced: string[] } {
  const present = new Map(blocks.map((block) => [block.key, block]));
  const runKeys = Object.keys(recording.blocks).filter((key) => recording.blocks[key]?.kind === 'run');
  const runBlocks = blocks.filter((block) => block.kind === 'run');
  // Recordings no block of that id matches, and blocks without a matching recording: inserting a
  // `kubectl get po` above another shifts the inferred ids (`kubectl-get` → `kubectl-get-2`).
  const unmatched = runKeys.filter((key) => present.get(key)?.hash !== recording.blocks[key]?.hash);
  const unrecorded = runBlocks.filter((block) => recording.blocks[block.key]?.hash !== block.hash);
  if (!unmatched.length || !unrecorded.length) return { recording, renames: [], displaced: [] };

  const renames: Rename[] = [];
  const byHash = uniquePairs(new Map(unmatched.map((key) => [key, recording.blocks[key]?.hash ?? ''])), new Map(unrecorded.map((block) => [block.key, block.hash])), (a, b) => a === b);
  for (const [from, to] of byHash) if (from !== to) renames.push({ from, to, by: 'hash' });

  // Places: between which surviving recordings a gone one stood (recorded lines give its order),
  // and between which a new block with an inferred id stands now.
  const paired = new Set(renames.flatMap(({ from, to }) => [from, to]));
  const recordedOrder = [...runKeys].sort((a, b) => (recording.blocks[a]?.line ?? 0) - (recording.blocks[b]?.line ?? 0));
  const survives = (key: string) => present.has(key) && runKeys.includes(key);
  const goneSlots = new Map(
    unmatched
      .filter((key) => !present.has(key) && !paired.has(key))
      .map((key) => {
        const at = recordedOrder.indexOf(key);
        return [key, `${neighbour(recordedOrder, at, -1, survives)} ${neighbour(recordedOrder, at, 1, survives)}`];
      }),
  );
  const noteOrder = runBlocks.map((block) => block.key);
  const freshSlots = new Map(
    runBlocks
      .filter((block) => !recording.blocks[block.key] && !paired.has(block.key) && block.meta.inferred?.includes('id'))
      .map((block) => {
        const at = noteOrder.indexOf(block.key);
        return [block.key, `${neighbour(noteOrder, at, -1, survives)} ${neighbour(noteOrder, at, 1, survives)}`];
      }),
  );
  for (const [from, to] of uniquePairs(goneSlots, freshSlots, (a, b) => a === b)) renames.push({ from, to, by: 'place' });
  if (!renames.length) return { recording, renames, displaced: [] };

  const newKey = new Map(renames.map(({ from, to }) => [from, to]));
  const rename = (input: string) => {
    const to = newKey.get(keyOf(input));
    return to === undefined ? input : `${to}${input.slice(input.lastIndexOf('@'))}`;
  };
  const targets = new Set(newKey.values());
  const next: NoteRecording = { ...recording, blocks: {} };
  // A recording whose id another one takes over, and that goes nowhere itself, has no block any more.
  const displaced = Object.keys(recording.blocks).filter((key) => targets.has(key) && !newKey.has(key));
  for (const [key, entry] of Object.entries(recording.blocks)) {
    if (targets.has(key) && !newKey.has(key)) continue;
    next.blocks[newKey.get(key) ?? key] = entry.kind === 'run' ? { ...entry, inputs: entry.inputs.map(rename) } : entry;
  }
  return { recording: next, renames, displaced };
}

/** How a runner line names a rename. */
export const describeRename = (rename: Rename) => `renamed from "${rename.from}"${rename.by === 'place' ? ' (its first command changed)' : ''}`;
