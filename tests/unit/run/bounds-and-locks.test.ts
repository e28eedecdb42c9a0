import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { BoundedOutput } from '../../../scripts/lib/run/bounded-output.ts';
import { acquireLock, LockedError } from '../../../scripts/lib/cache/run-lock.ts';
import { parseRunnerTag, runnerIsAlive, runnerTag, thisRunner } from '../../../scripts/lib/core/runner-id.ts';
import { readFileSync } from 'node:fs';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';

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

  it('takes over the lock of a runner killed with kill -9 that is still a zombie', async () => {
    // The holder runs under a parent that never reaps (a shell exec'd into sleep), as a
    // runner does under a slow init or in a container without one.
    const resource = `zombie test ${process.pid} ${Date.now()}`;
    const holderCode = `const { acquireLock } = await import(${JSON.stringify(new URL('../../../scripts/lib/cache/run-lock.ts', import.meta.url).href)}); await acquireLock(process.argv[1]); console.log('locked'); setTimeout(() => {}, 30_000);`;
    const parent = spawn('sh', ['-c', '"$0" --input-type=module -e "$1" "$2" & echo $!; exec sleep 30', process.execPath, holderCode, resource], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const lines: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the holder did not take the lock: ${lines.join(' ')}`)), 15_000);
        parent.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          lines.push(...chunk.split('\n').filter(Boolean));
          if (lines.includes('locked')) resolve(clearTimeout(timer));
        });
      });
      const pid = Number(lines[0]);
      await assert.rejects(acquireLock(resource), LockedError, 'a live holder');
      process.kill(pid, 'SIGKILL');
      const state = () => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
      for (let i = 0; i < 100 && state() !== 'Z'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(state(), 'Z', 'the killed holder is a zombie, not reaped');
      const release = await acquireLock(resource);
      await release();
    } finally {
      parent.kill('SIGKILL');
    }
  });
});
