import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Block } from '../../src/lib/blocks/block.ts';
import { inputsByBlock } from '../../src/lib/blocks/chain.ts';
import { normalizeTranscript } from '../../src/lib/normalize/index.ts';
import { currencyHint, currencyMessage, currencyOf } from '../../src/lib/store/currency.ts';
import type { RunRecording } from '../../src/lib/store/schema.ts';
import { fence, noteBlocks } from '../support/blocks.ts';

const note = (app = 'console.log(1)', build = 'docker build -t kubia .') => [
  fence('run id=hello needs=docker', 'docker run busybox echo hi'),
  fence('file=app.js', app, 'js'),
  fence('run id=build needs=docker', build),
  fence('run id=curl needs=docker', 'curl -s localhost:8080'),
  fence('run id=clean needs=docker cleanup', 'docker rm -f kubia'),
];

function recorded(blocks: Block[], transcript = 'Container 3f9a1b2c4d5e is up\n'): Record<string, RunRecording> {
  const inputs = inputsByBlock(blocks);
  return Object.fromEntries(
    blocks
      .filter((b) => b.kind === 'run')
      .map((b) => {
        const { text, masks } = normalizeTranscript(transcript, b.meta.normalize);
        return [b.key, { kind: 'run', hash: b.hash, inputs: inputs.get(b.key) ?? [], line: b.line, exitCode: 0, transcript, normalized: text, masks, durationMs: 1, attempts: 1, runs: 2, recordedAt: '2026-12-01T00:00:00Z', environment: { os: 'x', runner: 'y' } }];
      }),
  );
}

function currencies(blocks: Block[], recordings: Record<string, RunRecording>) {
  const inputs = inputsByBlock(blocks);
  return Object.fromEntries(blocks.filter((b) => b.kind === 'run').map((b) => [b.key, currencyOf(b, inputs.get(b.key) ?? [], recordings[b.key])]));
}

describe('inputsByBlock', () => {
  it('lists what the session ran before each block, cleanup last', () => {
    const inputs = inputsByBlock(noteBlocks(...note()));
    assert.deepEqual(inputs.get('hello'), []);
    assert.deepEqual(inputs.get('build')?.map((i) => i.split('@')[0]), ['hello', 'file:app.js']);
    assert.deepEqual(inputs.get('clean')?.map((i) => i.split('@')[0]), ['hello', 'file:app.js', 'build', 'curl']);
    assert.match(inputs.get('curl')?.[1] ?? '', /^file:app\.js@[0-9a-f]{12}$/);
  });
});

describe('currencyOf', () => {
  const then = noteBlocks(...note());
  const recordings = recorded(then);

  it('is current for the note as recorded', () => {
    assert.ok(Object.values(currencies(then, recordings)).every((c) => c.state === 'current'));
  });

  it('an edited file block makes every later block stale and names the file', () => {
    const now = currencies(noteBlocks(...note('process.exit(500)')), recordings);
    assert.equal(now.hello?.state, 'current');
    for (const key of ['build', 'curl', 'clean']) {
      assert.deepEqual(now[key], { state: 'stale', changes: [{ key: 'file:app.js', change: 'edited' }] }, key);
    }
    assert.equal(currencyMessage(now.curl!, 'curl'), 'since it was recorded, file app.js changed');
  });

  it('an edited run block makes itself and every later block stale', () => {
    const now = currencies(noteBlocks(...note(undefined, 'docker build -t kubia:v2 .')), recordings);
    assert.equal(now.hello?.state, 'current');
    assert.equal(currencyMessage(now.build!, 'build'), 'since it was recorded, the block itself changed');
    assert.equal(currencyMessage(now.curl!, 'curl'), 'since it was recorded, block build changed');
  });

  it('a block added or removed before a recording makes it stale', () => {
    const added = noteBlocks(fence('run id=first', 'echo first'), ...note());
    assert.deepEqual(currencies(added, recordings).hello, { state: 'stale', changes: [{ key: 'first', change: 'added' }] });
    const removed = noteBlocks(...note().slice(1));
    assert.deepEqual(currencies(removed, recordings).build, { state: 'stale', changes: [{ key: 'hello', change: 'removed' }] });
  });

  it('a recording from one run is unreproduced: made from this note, but not stamped verified', () => {
    const { runs: _, ...beforeRepeats } = recordings.curl!;
    for (const curl of [{ ...recordings.curl!, runs: 1 }, beforeRepeats]) {
      const now = currencies(then, { ...recordings, curl });
      assert.deepEqual(now.curl, { state: 'unreproduced' });
      assert.match(currencyMessage(now.curl!, 'curl'), /single run/);
      assert.match(currencyHint(now.curl!, 'week-02') ?? '', /--update --note week-02`.*twice/);
    }
    const stale = currencies(noteBlocks(...note('process.exit(500)')), { ...recordings, curl: { ...recordings.curl!, runs: 1 } });
    assert.equal(stale.curl?.state, 'stale', 'a changed input says more than the number of runs');
  });

  it('a hand-edited comparison form or transcript is inconsistent', () => {
    const editedNormalized = { ...recordings, curl: { ...recordings.curl!, normalized: 'Container ⟨id-1⟩ is down\n' } };
    assert.equal(currencies(then, editedNormalized).curl?.state, 'inconsistent');
    const editedTranscript = { ...recordings, curl: { ...recordings.curl!, transcript: 'HTTP 500\n' } };
    assert.equal(currencies(then, editedTranscript).curl?.state, 'inconsistent');
  });

  it('is missing without a recording', () => {
    assert.equal(currencies(then, {}).hello?.state, 'missing');
  });
});
