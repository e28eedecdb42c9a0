import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { createdAfter, lastPid, markedProcesses } from '../../../scripts/lib/core/process-markers.ts';

describe('finding the processes a block started', () => {
  it('takes the pids handed out between two cursors, also across the wrap-around', () => {
    const plain = createdAfter(100, 105);
    assert.deepEqual(['99', '100', '101', '105', '106'].filter(plain), ['101', '105']);
    const wrapped = createdAfter(4194300, 12);
    assert.deepEqual(['12', '13', '300', '4194300', '4194301'].filter(wrapped), ['12', '4194301']);
    assert.equal(['1', '2'].filter(createdAfter(undefined, 5)).length, 2, 'without a cursor every pid is looked at');
  });

  it('finds a marked process started after the cursor, and not with a cursor taken after it', async () => {
    const before = lastPid();
    const child = spawn('sleep', ['30'], { env: { ...process.env, KN_MARKER_TEST: 'yes' }, stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const marked = (value: string) => value === 'yes';
      assert.deepEqual(markedProcesses('KN_MARKER_TEST', marked, before), [child.pid]);
      assert.deepEqual(markedProcesses('KN_MARKER_TEST', marked), [child.pid]);
      assert.deepEqual(markedProcesses('KN_MARKER_TEST', marked, lastPid()), []);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
