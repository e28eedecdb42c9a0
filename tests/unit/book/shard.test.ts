import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseOptions } from '../../../scripts/lib/cli/options.ts';
import { binsOf, recordedDurationMs, shardOf, weightsOf, type NoteWeight } from '../../../scripts/lib/book/shard.ts';

/** 18 chapters with durations spread like a real book: a few long kind chapters, many short ones. */
const BOOK: NoteWeight[] = Array.from({ length: 18 }, (_, i) => ({ note: `week-${String(i + 2).padStart(2, '0')}`, weight: [37, 12, 55, 8, 90, 21, 21, 34, 5, 60, 13, 44, 21, 70, 9, 30, 16, 48][i]! * 1000 }));

const load = (bin: readonly NoteWeight[]) => bin.reduce((sum, w) => sum + w.weight, 0);

describe('--shard: notes spread over shards by recorded duration', () => {
  it('shards 1/2 and 2/2 together hold every note exactly once', () => {
    const one = shardOf(BOOK, { index: 1, count: 2 }).notes;
    const two = shardOf(BOOK, { index: 2, count: 2 }).notes;
    assert.deepEqual([...one, ...two].sort(), BOOK.map((w) => w.note).sort());
    assert.equal(new Set([...one, ...two]).size, BOOK.length, 'no note in both shards');
  });

  it('every shard count partitions the notes, and the loads stay within one note of each other', () => {
    for (const count of [1, 2, 3, 4, 8, 18, 25]) {
      const bins = binsOf(BOOK, count);
      assert.equal(bins.length, count);
      assert.deepEqual(bins.flat().map((w) => w.note).sort(), BOOK.map((w) => w.note).sort(), `${count} shards`);
      const loads = bins.map(load);
      const heaviest = Math.max(...BOOK.map((w) => w.weight));
      // Greedy longest-first: the spread is never more than the longest note.
      assert.ok(Math.max(...loads) - Math.min(...loads) <= heaviest, `${count} shards: ${loads.join(', ')}`);
    }
  });

  it('balances: two shards of the book differ by little, not by half the book', () => {
    const [a, b] = binsOf(BOOK, 2).map(load) as [number, number];
    assert.ok(Math.abs(a - b) <= 5000, `${a} vs ${b}`);
  });

  it('is the same on every machine: input order does not matter, equal weights are split by name', () => {
    const reversed = [...BOOK].reverse();
    assert.deepEqual(binsOf(reversed, 4), binsOf(BOOK, 4));
    const equal = ['d', 'b', 'a', 'c'].map((note) => ({ note, weight: 10 }));
    assert.deepEqual(binsOf(equal, 2).map((bin) => bin.map((w) => w.note)), [['a', 'c'], ['b', 'd']]);
  });

  it('a note without recordings weighs the average; without any recording every note weighs the same', () => {
    assert.deepEqual(weightsOf([{ note: 'a', durationMs: 10 }, { note: 'b', durationMs: 30 }, { note: 'c', durationMs: undefined }]).map((w) => w.weight), [10, 30, 20]);
    assert.deepEqual(weightsOf([{ note: 'a', durationMs: undefined }, { note: 'b', durationMs: undefined }]).map((w) => w.weight), [1, 1]);
    assert.equal(recordedDurationMs({ note: 'n', source: 's', blocks: {} }), undefined);
    assert.equal(recordedDurationMs({ note: 'n', source: 's', blocks: { f: { kind: 'file', hash: 'h', line: 1 } } }), undefined);
  });

  it('--shard is I/N with 1 ≤ I ≤ N', () => {
    assert.deepEqual(parseOptions(['--shard', '2/4']).shard, { index: 2, count: 4 });
    for (const wrong of ['0/2', '3/2', '1', 'a/b', '1/0']) assert.throws(() => parseOptions(['--shard', wrong]), /not a shard/);
  });

  it('the CLI: --list --shard 1/2 and 2/2 of a project list every block once, heaviest notes apart', () => {
    const root = mkdtempSync(join(tmpdir(), 'kn-shard-'));
    try {
      mkdirSync(join(root, 'content/notes'), { recursive: true });
      mkdirSync(join(root, 'content/outputs'), { recursive: true });
      const durations: Record<string, number | undefined> = { a: 40_000, b: 35_000, c: 5_000, d: 4_000, e: undefined };
      for (const [note, ms] of Object.entries(durations)) {
        writeFileSync(join(root, 'content/notes', `${note}.mdx`), `---\ntitle: t\n---\n\n\`\`\`sh run id=${note}-1\necho ${note}\n\`\`\`\n`);
        if (ms === undefined) continue;
        const recording = { note, source: `content/notes/${note}.mdx`, blocks: { [`${note}-1`]: { kind: 'run', hash: 'h', inputs: [], line: 5, exitCode: 0, transcript: `${note}\n`, normalized: `${note}\n`, masks: [], durationMs: ms, attempts: 1, recordedAt: '2026-12-01T00:00:00Z', environment: { os: 'x', runner: 'y' } } } };
        writeFileSync(join(root, 'content/outputs', `${note}.json`), JSON.stringify(recording));
      }
      const cli = fileURLToPath(new URL('../../../scripts/verify-notes.mjs', import.meta.url));
      const list = (shard: string) => {
        const run = spawnSync(process.execPath, [cli, '--root', root, '--list', '--shard', shard], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        return { ids: run.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/)[2]), log: run.stderr };
      };
      const one = list('1/2');
      const two = list('2/2');
      assert.deepEqual([...one.ids, ...two.ids].sort(), ['a-1', 'b-1', 'c-1', 'd-1', 'e-1']);
      assert.ok(one.ids.includes('a-1') !== one.ids.includes('b-1'), 'the two longest notes are in different shards');
      assert.match(one.log, /shard 1\/2: .* \(≈ [\d.]+ s of recorded blocks to run; the shards: [\d.]+ s, [\d.]+ s\)/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
