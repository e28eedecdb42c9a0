import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { BoundedOutput } from '../../scripts/lib/bounded-output.ts';
import { acquireLock, LockedError } from '../../scripts/lib/run-lock.ts';
import { parseRunnerTag, runnerIsAlive, runnerTag, thisRunner } from '../../scripts/lib/runner-id.ts';
import { normalizeTranscript } from '../../src/lib/normalize/index.ts';

describe('BoundedOutput', () => {
  it('keeps everything below the limit', () => {
    const out = new BoundedOutput(1024);
    out.push(Buffer.from('a\nb\n'));
    assert.equal(out.text(), 'a\nb\n');
    assert.equal(out.omittedBytes, 0);
  });

  it('keeps head and tail of 5 MB, cut at line ends, and says how much is left out', () => {
    const out = new BoundedOutput(256 * 1024);
    const line = (n: number) => `line ${String(n).padStart(7, '0')} 한글\n`;
    let total = 0;
    for (let n = 0; n < 260_000; n++) {
      const chunk = Buffer.from(line(n));
      total += chunk.length;
      out.push(chunk);
    }
    const text = out.text();
    assert.ok(total > 5_000_000);
    assert.ok(Buffer.byteLength(text) <= 256 * 1024 + 100, `bounded: ${Buffer.byteLength(text)}`);
    assert.ok(text.startsWith(line(0)));
    assert.ok(text.endsWith(line(259_999)));
    const omitted = Number(/^… (\d+) bytes omitted …$/m.exec(text)?.[1]);
    assert.equal(omitted + Buffer.byteLength(text.replace(/^… \d+ bytes omitted …\n/m, '')), total, 'the count is exact');
    assert.ok(text.split('\n').every((l) => l === '' || /^line \d{7} 한글$/.test(l) || /bytes omitted/.test(l)), 'no half lines');
    assert.match(normalizeTranscript(text, []).text, /^… ⟨n⟩ bytes omitted …$/m, 'the count is normalised');
  });
});

describe('runner identity and the engine lock', () => {
  it('tells a live runner from a dead one (pid reuse included)', async () => {
    assert.ok(runnerIsAlive(thisRunner()));
    assert.deepEqual(parseRunnerTag(runnerTag()), thisRunner());
    const child = spawn('true');
    await new Promise((resolve) => child.on('exit', resolve));
    assert.equal(runnerIsAlive({ ...thisRunner(), pid: child.pid as number }), false);
    assert.equal(runnerIsAlive({ ...thisRunner(), start: '1' }), false, 'same pid, other start time: another process');
  });

  it('refuses a second holder, naming the first, and takes over a dead holder\'s lock', async () => {
    const resource = `test resource ${process.pid} ${Date.now()}`;
    const release = await acquireLock(resource);
    try {
      await assert.rejects(acquireLock(resource), (error: unknown) => error instanceof LockedError && error.exitCode === 5 && new RegExp(`pid ${process.pid} on `).test(error.message));
      await assert.rejects(acquireLock(resource, { waitMs: 300 }), /waited 0 s|waited \d+ s/);
    } finally {
      await release();
    }
    const again = await acquireLock(resource);
    await again();
  });
});
