import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

const listRun = (env: NodeJS.ProcessEnv) =>
  spawnSync(process.execPath, ['scripts/verify-notes.mjs', '--note', 'week-02', '--list'], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });

describe('KUBIA_NOTES_TRACE', () => {
  it('=1 prints the run loop timeline on stderr, in order, with the time since start', () => {
    const run = listRun({ KUBIA_NOTES_TRACE: '1' });
    assert.equal(run.status, 0, run.stderr);
    const times = [...run.stderr.matchAll(/^\[trace +([\d.]+) ms\] (.+)$/gm)].map((m) => [Number(m[1]), m[2]] as const);
    assert.deepEqual(times.map(([, what]) => what), ['main: start', 'main: notes loaded', 'main: notes selected', 'process exit']);
    assert.ok(times.every(([ms], i) => i === 0 || ms >= (times[i - 1]?.[0] ?? 0)), run.stderr);
  });

  it('is silent otherwise', () => {
    const run = listRun({ KUBIA_NOTES_TRACE: '' });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /\[trace/);
  });
});
