// What a background block records: its output up to the end of its ready line. A port-forward
// prints its IPv4 and IPv6 lines in one write or two, as the scheduler pleases; the recording
// must not depend on which (week 3's `kubectl port-forward kubia-manual 8888:8080` drifted).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startBackground } from '../../../scripts/lib/run/shell.ts';

describe('startBackground: the ready line and nothing after it', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kn-background-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const start = async (code: string, ready: RegExp) => {
    const started = await startBackground(code, ready, { cwd: dir, env: process.env, timeoutMs: 10_000, scriptDir: dir, name: 'bg' });
    await started.process.stop();
    return started.readyOutput;
  };

  it('two lines in one write: the output ends with the ready line', async () => {
    const output = await start("printf 'Forwarding from 127.0.0.1:8888 -> 8080\\nForwarding from [::1]:8888 -> 8080\\n'; exec sleep 30", /Forwarding from/);
    assert.equal(output, 'Forwarding from 127.0.0.1:8888 -> 8080\n');
  });

  it('the same lines in two writes: the same output', async () => {
    const output = await start("echo 'Forwarding from 127.0.0.1:8888 -> 8080'; sleep 0.2; echo 'Forwarding from [::1]:8888 -> 8080'; exec sleep 30", /Forwarding from/);
    assert.equal(output, 'Forwarding from 127.0.0.1:8888 -> 8080\n');
  });

  it('lines before the ready line are kept', async () => {
    assert.equal(await start("printf 'starting\\nREADY now\\nserving\\n'; exec sleep 30", /READY/), 'starting\nREADY now\n');
  });
});
