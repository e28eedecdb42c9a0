import type { Placement } from '../docker/isolation.ts';
import type { NoteResult } from '../core/results.ts';

/**
 * Runs notes with --jobs N: the notes that may run side by side (isolation.ts) first, at
 * most N at a time, then every other note alone, one after another. With N = 1 (the
 * default) every note runs alone, in name order, exactly as before. Results come back in
 * the notes' order, each with where it ran and why. No note starts once `stopped()` says
 * so (an interrupt), and this returns only when every started note has finished (its
 * cleanup and leftover check included), even when one of them threw: the caller releases
 * the engine's lock and the cluster after this, never while a note still runs.
 */
export async function runScheduled<N extends { note: string }>(
  notes: readonly N[],
  options: { jobs: number; placements: ReadonlyMap<string, Placement>; stopped: () => boolean },
  run: (note: N) => Promise<NoteResult>,
): Promise<NoteResult[]> {
  const results = new Map<N, NoteResult>();
  const runOne = async (note: N) => {
    if (options.stopped()) return;
    const result = await run(note);
    const placement = options.placements.get(note.note);
    if (placement && options.jobs > 1) result.placement = placement;
    results.set(note, result);
  };
  const side = options.jobs > 1 ? notes.filter((n) => options.placements.get(n.note)?.mode === 'parallel') : [];
  const alone = notes.filter((n) => !side.includes(n));
  const queue = [...side];
  const worker = async () => {
    try {
      for (let note = queue.shift(); note; note = queue.shift()) await runOne(note);
    } catch (error) {
      queue.length = 0; // the other workers finish the note they run and start no other
      throw error;
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(options.jobs, side.length) }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  for (const note of alone) await runOne(note);
  return notes.flatMap((note) => results.get(note) ?? []);
}
