import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inputsByBlock } from '../../../src/lib/blocks/chain.ts';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';
import type { Environment, NoteRecording } from '../../../src/lib/store/schema.ts';
import { writeRecording } from '../../../src/lib/store/store.ts';
import type { BlockRun } from '../../../scripts/lib/run/block-run.ts';
import { environmentFor, updatedRecording } from '../../../scripts/lib/judge/record.ts';
import type { BlockResult } from '../../../scripts/lib/core/results.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';

const blocks = noteBlocks(fence('run id=b needs=docker', 'docker run -d x'), fence('run id=a needs=docker', 'docker ps'));
const inputs = inputsByBlock(blocks);
const env = (server: string): Environment => ({ os: 'linux', runner: 'test', docker: { client: '28', server } });
const run = (transcript: string): BlockRun => {
  const { text, masks } = normalizeTranscript(transcript, []);
  return { exitCode: 0, timedOut: false, asExpected: true, transcript, normalized: text, masks, durationMs: 5, attempts: 1 };
};
const recordAll = (existing: NoteRecording, transcripts: Record<string, string>, environment = env('26.1')) =>
  updatedRecording(existing, blocks, blocks.map((block): BlockResult => ({ block, status: 'recorded', run: run(transcripts[block.key] ?? '') })), inputs, environment, true);
const empty: NoteRecording = { note: 't', source: 'content/notes/t.mdx', blocks: {} };

describe('updatedRecording', () => {
  it('keeps a recording byte for byte when a re-run says nothing new', () => {
    const first = recordAll(empty, { b: 'started 3f9a1b2c4d5e\n', a: 'Up 2 seconds\n' });
    const second = recordAll(first, { b: 'started 77aa88bb99cc\n', a: 'Up 3 seconds\n' });
    assert.deepEqual(second, first, 'new container id and age: same comparison form, same inputs, same versions');
    const newEngine = recordAll(first, { b: 'started 77aa88bb99cc\n', a: 'up 3 seconds\n' }, env('28.5'));
    assert.equal(newEngine.blocks.a?.kind === 'run' && newEngine.blocks.a.environment.docker?.server, '28.5', 'another engine version is a new recording');
  });

  it('a block records the versions of what it needs, and old recordings lose the others', () => {
    const kube = { client: 'v1.34.11', server: 'v1.34.11', context: 'kind-kubia-notes' };
    const full: Environment = { ...env('26.1'), kubernetes: kube, kind: 'v0.33.0' };
    const [docker, kind, none] = noteBlocks(fence('run id=d needs=docker', 'docker ps'), fence('run id=k needs=kind', 'kubectl get po'), fence('run id=n', 'echo hi'));
    assert.deepEqual(environmentFor(docker!, full), env('26.1'), 'docker + os, no Kubernetes or kind');
    assert.deepEqual(environmentFor(kind!, full), full, 'Kubernetes and kind, and the engine its nodes run on');
    assert.deepEqual(environmentFor(none!, full), { os: 'linux', runner: 'test' });
    assert.deepEqual(environmentFor(docker!, { os: 'linux', runner: 'test' }), { os: 'linux', runner: 'test' }, 'nothing is made up');

    const fresh = recordAll(empty, { b: 'one\n', a: 'two\n' }, full);
    assert.deepEqual(fresh.blocks.a?.kind === 'run' && fresh.blocks.a.environment, env('26.1'));
    // A recording made before: a docker block with the run's Kubernetes. Re-recorded unchanged,
    // it keeps its transcript and time but no longer names Kubernetes.
    const old: NoteRecording = { ...fresh, blocks: Object.fromEntries(Object.entries(fresh.blocks).map(([key, r]) => [key, r.kind === 'run' ? { ...r, environment: full } : r])) };
    const again = recordAll(old, { b: 'one\n', a: 'two\n' }, full);
    assert.deepEqual(again, fresh);
  });

  it('stores how many runs agreed; a kept recording printed again keeps the larger count', () => {
    const once = recordAll(empty, { b: 'started 3f9a1b2c4d5e\n', a: 'Up 2 seconds\n' });
    assert.equal(once.blocks.a?.kind === 'run' && once.blocks.a.runs, 1, '--repeat 1');
    const withRuns = (existing: NoteRecording, transcripts: Record<string, string>, runs: number) =>
      updatedRecording(existing, blocks, blocks.map((block): BlockResult => ({ block, status: 'recorded', run: run(transcripts[block.key] ?? '') })), inputs, env('26.1'), true, runs);
    const twice = withRuns(once, { b: 'started 77aa88bb99cc\n', a: 'Up 3 seconds\n' }, 2);
    assert.deepEqual(twice.blocks.a, once.blocks.a?.kind === 'run' && { ...once.blocks.a, runs: 2 }, 'same output: the transcript is kept, now reproduced');
    assert.deepEqual(withRuns(twice, { b: 'started 1\n', a: 'Up 4 seconds\n' }, 1).blocks.a, twice.blocks.a, 'a quick re-record that says nothing new leaves it reproduced');
    const table = withRuns(empty, { b: 'x\n', a: 'IMAGE  SIZE\n' }, 2);
    const padded = withRuns(table, { b: 'x\n', a: 'IMAGE     SIZE\n' }, 1).blocks.a;
    assert.deepEqual(padded?.kind === 'run' && [padded.transcript, padded.runs], ['IMAGE     SIZE\n', 2], 'column padding is no new output: still reproduced');
    const changed = withRuns(twice, { b: 'started 1\n', a: 'Exited\n' }, 1).blocks.a;
    assert.equal(changed?.kind === 'run' && changed.runs, 1, 'a new output from one run is not reproduced');
  });

  it('records only what was checked and keeps every other recording', () => {
    const first = recordAll(empty, { b: 'one\n', a: 'two\n' });
    const onlyA = updatedRecording(first, blocks, [{ block: blocks[0]!, status: 'prerequisite', run: run('other\n') }, { block: blocks[1]!, status: 'recorded', run: run('three\n') }], inputs, env('26.1'), false);
    assert.deepEqual(onlyA.blocks.b, first.blocks.b);
    assert.equal(onlyA.blocks.a?.kind === 'run' && onlyA.blocks.a.normalized, 'three\n');
  });

  it('is written in code-point order with inputs on one line', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kn-record-'));
    try {
      await writeRecording(recordAll(empty, { b: 'x\n', a: 'y\n' }), root);
      const text = await readFile(join(root, 'content/outputs/t.json'), 'utf8');
      assert.ok(text.indexOf('"a": {') < text.indexOf('"b": {'));
      assert.match(text, /"inputs": \["b@[0-9a-f]{12}"\],\n/);
      assert.match(text, /"inputs": \[\],\n/);
      assert.deepEqual(Object.keys(JSON.parse(text).blocks.a), ['kind', 'hash', 'inputs', 'line', 'exitCode', 'transcript', 'normalized', 'masks', 'durationMs', 'attempts', 'runs', 'recordedAt', 'environment']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
