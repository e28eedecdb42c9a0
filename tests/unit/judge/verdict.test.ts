import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inputsByBlock } from '../../../src/lib/blocks/chain.ts';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';
import type { BlockRun } from '../../../scripts/lib/run/block-run.ts';
import { failsRun } from '../../../scripts/lib/core/results.ts';
import { judge } from '../../../scripts/lib/judge/verdict.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';

const [block] = noteBlocks(fence('run id=gen needs=kind', 'kubectl run kubia --image=luksa/kubia --port=8080'));
const inputs = inputsByBlock([block!]).get('gen') ?? [];
const run = (transcript: string, exitCode = 0, timedOut = false): BlockRun => {
  const { text, masks } = normalizeTranscript(transcript, []);
  return { exitCode, timedOut, asExpected: exitCode === 0 && !timedOut, transcript, normalized: text, masks, durationMs: 1, attempts: 1 };
};
const recorded = { kind: 'run' as const, hash: block!.hash, inputs, line: 5, exitCode: 0, transcript: 'pod/kubia created\n', normalized: 'pod/kubia created\n', masks: [], durationMs: 1, attempts: 1, runs: 2, recordedAt: '2026-12-01T00:00:00Z', environment: { os: 'x', runner: 'y' } };

describe('judge: rot apart from drift', () => {
  it('passes the recorded output', () => {
    assert.equal(judge(block!, run('pod/kubia created\n'), recorded, inputs, 'verify').status, 'passed');
  });

  it('drift: same exit status, another output', () => {
    const result = judge(block!, run('pod/kubia created in namespace x\n'), recorded, inputs, 'verify');
    assert.equal(result.status, 'drift');
    assert.match(result.diff ?? '', /\+pod\/kubia created in namespace x/);
  });

  it('rot: the exit status changed (137 named)', () => {
    const result = judge(block!, run('Killed\n', 137), recorded, inputs, 'verify');
    assert.equal(result.status, 'rot');
    assert.match(result.message ?? '', /exited with 137 \(SIGKILL\), expected 0/);
  });

  it('rot: the tool says a flag or resource is gone, even with the same exit status', () => {
    const result = judge(block!, run('error: unknown flag: --port\n'), recorded, inputs, 'verify');
    assert.equal(result.status, 'rot');
    assert.match(result.message ?? '', /unknown flag: --port/);
  });

  it('a timeout is a failure, not rot; so is a failing block never recorded', () => {
    assert.equal(judge(block!, run('', 143, true), recorded, inputs, 'verify').status, 'failed');
    assert.equal(judge(block!, run('boom\n', 1), undefined, inputs, 'verify').status, 'failed');
  });

  it('a timeout says how long in seconds, whether that was the default, and what to do', () => {
    const byDefault = judge(block!, run('', 143, true), recorded, inputs, 'verify');
    assert.match(byDefault.message ?? '', /^timed out after 120 s \(the default: the block gives no timeout=; process group killed\)$/);
    assert.match(byDefault.hint ?? '', /background ready=/);
    assert.match(byDefault.hint ?? '', /timeout=/);
    const [slow] = noteBlocks(fence('run id=gen needs=kind timeout=2500ms', 'sleep 9'));
    assert.match(judge(slow!, run('', 143, true), undefined, inputs, 'verify').message ?? '', /^timed out after 2\.5 s \(timeout=2500ms; /);
  });

  it('until=: an earlier attempt that printed the recording passes; a wait that never settled fails, not rots', () => {
    const later = { ...run('pod/kubia created (again)\n'), earlierOutputs: ['Pending\n', 'pod/kubia created\n'] };
    assert.equal(judge(block!, later, recorded, inputs, 'verify').status, 'passed');
    const unsettled = { ...run('Pending\n'), asExpected: false, error: 'the output never matched until=/Running/' };
    assert.equal(judge(block!, unsettled, recorded, inputs, 'verify').status, 'failed');
  });

  it('--fail-on rot tolerates drift but not rot', () => {
    assert.equal(failsRun('drift', 'rot'), false);
    assert.equal(failsRun('rot', 'rot'), true);
    assert.equal(failsRun('stale', 'rot'), true);
    assert.equal(failsRun('drift'), true);
  });
});

describe('judge: a recording from one run', () => {
  const single = { ...recorded, runs: 1 };
  const { runs: _, ...beforeRepeats } = recorded;

  it('matching it is not enough: unreproduced, with the hint to re-record with --update', () => {
    for (const recording of [single, beforeRepeats]) {
      const result = judge(block!, run('pod/kubia created\n'), recording, inputs, 'verify');
      assert.equal(result.status, 'unreproduced');
      assert.match(result.message ?? '', /^matched this run, but recorded from a single run/);
      assert.match(result.hint ?? '', /--update --note/);
    }
  });

  it('a difference is still drift or rot, and freshness runs tolerate it', () => {
    assert.equal(judge(block!, run('pod/kubia configured\n'), single, inputs, 'verify').status, 'drift');
    assert.equal(judge(block!, run('Killed\n', 137), single, inputs, 'verify').status, 'rot');
    assert.equal(failsRun('unreproduced', 'drift'), true);
    assert.equal(failsRun('unreproduced', 'rot'), false);
  });
});

describe('judge: a path that is not ready yet', () => {
  it('a curl in a pod that could not connect gets the retry= hint, the verdict unchanged', () => {
    const result = judge(block!, run('command terminated with exit code 7\n', 7), recorded, inputs, 'verify');
    assert.equal(result.status, 'rot');
    assert.match(result.hint ?? '', /^"command terminated with exit code 7" is what a path that is not ready yet prints .*retry=30s/);
  });

  it('DNS not answering yet and a refused connection are named too', () => {
    assert.match(judge(block!, run('curl: (6) Could not resolve host: kubia\n', 6), recorded, inputs, 'verify').hint ?? '', /Could not resolve host: kubia/);
    assert.match(judge(block!, run('dial tcp 10.96.0.1:443: connect: connection refused\n', 1), recorded, inputs, 'verify').hint ?? '', /connection refused/);
  });

  it('no hint for a block that already retries, or for a failure of another kind', () => {
    const [retrying] = noteBlocks(fence('run id=gen needs=kind retry=30s', 'kubectl run kubia --image=luksa/kubia --port=8080'));
    assert.equal(judge(retrying!, run('command terminated with exit code 7\n', 7), recorded, inputs, 'verify').hint, undefined);
    assert.equal(judge(block!, run('Error from server (NotFound): pods "x" not found\n', 1), recorded, inputs, 'verify').hint, undefined);
  });
});
