import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Placement } from '../../../scripts/lib/docker/isolation.ts';
import { runScheduled } from '../../../scripts/lib/book/note-schedule.ts';
import type { NoteResult } from '../../../scripts/lib/core/results.ts';

const parallel: Placement = { mode: 'parallel', reason: 'own objects', reasonKo: '자기 것' };
const alone: Placement = { mode: 'sequential', reason: 'needs kind', reasonKo: 'kind' };

/** A fake note run that records which notes were running at the same time. */
function recorder() {
  const running = new Set<string>();
  const overlaps: Array<[string, string[]]> = [];
  let peak = 0;
  return {
    overlaps,
    peak: () => peak,
    run: async ({ note }: { note: string }): Promise<NoteResult> => {
      running.add(note);
      peak = Math.max(peak, running.size);
      await new Promise((resolve) => setTimeout(resolve, 20));
      overlaps.push([note, [...running].filter((n) => n !== note)]);
      running.delete(note);
      return { note, source: `${note}.mdx`, blocks: [], problems: [] };
    },
  };
}

const notes = ['a', 'b', 'c', 'd', 'e'].map((note) => ({ note }));
const placements = new Map([['a', parallel], ['b', alone], ['c', parallel], ['d', parallel], ['e', alone]]);

describe('--jobs: running notes side by side', () => {
  it('--jobs 1 (the default): one note at a time, in order, no placement in the results', async () => {
    const r = recorder();
    const results = await runScheduled(notes, { jobs: 1, placements, stopped: () => false }, r.run);
    assert.equal(r.peak(), 1);
    assert.deepEqual(r.overlaps.map(([n]) => n), ['a', 'b', 'c', 'd', 'e']);
    assert.ok(results.every((result) => result.placement === undefined));
  });

  it('--jobs 2: parallel notes at most two at a time, every other note alone; results in the notes\' order', async () => {
    const r = recorder();
    const results = await runScheduled(notes, { jobs: 2, placements, stopped: () => false }, r.run);
    assert.equal(r.peak(), 2);
    for (const [note, beside] of r.overlaps) {
      if (placements.get(note)?.mode === 'sequential') assert.deepEqual(beside, [], `${note} ran alone`);
      for (const other of beside) assert.equal(placements.get(other)?.mode, 'parallel', `${note} ran beside ${other}`);
    }
    assert.deepEqual(results.map((result) => [result.note, result.placement?.mode]), [['a', 'parallel'], ['b', 'sequential'], ['c', 'parallel'], ['d', 'parallel'], ['e', 'sequential']]);
  });

  it('starts no note once stopped (an interrupt); a note that throws is rethrown only after the others finished', async () => {
    let started = 0;
    const stopped = await runScheduled(notes, { jobs: 2, placements, stopped: () => started >= 2 }, async ({ note }) => {
      started++;
      return { note, source: note, blocks: [], problems: [] };
    });
    assert.equal(stopped.length, 2);

    let finished = false;
    const failing = runScheduled(notes.slice(0, 3), { jobs: 2, placements, stopped: () => false }, async ({ note }) => {
      if (note === 'a') throw new Error('boom');
      await new Promise((resolve) => setTimeout(resolve, 30));
      finished = true;
      return { note, source: note, blocks: [], problems: [] };
    });
    await assert.rejects(failing, /boom/);
    assert.ok(finished, 'the note running beside the one that threw finished first');
  });
});
