import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeWait, duration, waitStatus, type WaitClock } from '../../../scripts/lib/run/wait-status.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';

/** A clock that moves only when told, firing the status's timer once a second as it goes. */
function fakeClock() {
  let now = 0;
  let tick: (() => void) | undefined;
  let interval = 0;
  let next = 0;
  const clock: WaitClock = {
    now: () => now,
    every(ms, fn) {
      [tick, interval, next] = [fn, ms, now + ms];
      return () => void (tick = undefined);
    },
  };
  return {
    clock,
    ticking: () => tick !== undefined,
    advance(ms: number) {
      const end = now + ms;
      while (tick && next <= end) {
        now = next;
        next += interval;
        tick();
      }
      now = end;
    },
  };
}

/** A pseudo-terminal (or a pipe, isTTY false) that keeps what is written. */
function fakeStream(isTTY: boolean, columns = 200) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns, write: (text: string) => void writes.push(text) } };
}

/** A status on a fake clock and stream: each test states only the terminal it draws on. */
function watching(isTTY: boolean, { columns = 200, env = {} }: { columns?: number; env?: NodeJS.ProcessEnv } = {}) {
  const time = fakeClock();
  const screen = fakeStream(isTTY, columns);
  return { ...time, ...screen, status: waitStatus(screen.stream, { clock: time.clock, env }) };
}

const [settle, follow, server] = noteBlocks(
  fence('run id=liveness-restart retry=5m until=/RESTARTS.*1/', 'kubectl get po kubia-liveness'),
  fence('run id=job-log timeout=120s', 'kubectl logs -f job/batch-job\necho done'),
  fence('run id=forward background ready=/Forwarding from/', 'kubectl port-forward kubia 8888:8080'),
) as [NonNullable<ReturnType<typeof noteBlocks>[0]>, NonNullable<ReturnType<typeof noteBlocks>[0]>, NonNullable<ReturnType<typeof noteBlocks>[0]>];

const CLEAR = '\r\x1b[2K';

describe('wait status: what a long-running block waits for', () => {
  it('says what each kind of block waits for, and the limit the block itself sets', () => {
    assert.deepEqual(describeWait(settle), { what: 'until=/RESTARTS.*1/', limit: 'retry=5m', retries: true });
    assert.deepEqual(describeWait(follow), { what: 'kubectl logs -f job/batch-job', limit: 'timeout=2m', retries: false });
    assert.deepEqual(describeWait(server), { what: 'ready=/Forwarding from/', limit: 'timeout=30s', retries: false });
    const [plain, retried] = noteBlocks(fence('run id=p', 'docker build -t kubia .'), fence('run id=r retry=90s', 'curl -s localhost:8080'));
    assert.equal(describeWait(plain!).limit, 'timeout=2m', 'the runner default timeout bounds a block without timeout=');
    assert.deepEqual(describeWait(retried!), { what: 'until it succeeds', limit: 'retry=1m30s', retries: true });
    assert.deepEqual([0, 999, 59_999, 70_000, 300_000, 3_720_000].map(duration), ['0s', '0s', '59s', '1m10s', '5m', '1h2m']);
  });

  it('on a terminal: one line rewritten in place, from 2 s on, with the attempt; cleared before anything else is written', () => {
    const { advance, ticking, writes, status } = watching(true);
    const wait = status.begin(settle);
    advance(1_000);
    assert.equal(writes.length, 0, 'quiet for the first seconds');
    advance(1_000);
    assert.deepEqual(writes, [`${CLEAR}⏳ content/notes/t.mdx:5 liveness-restart: until=/RESTARTS.*1/, attempt 1 · 2s of retry=5m`]);
    wait.attempt(7);
    advance(68_000);
    assert.equal(writes.at(-1), `${CLEAR}⏳ content/notes/t.mdx:5 liveness-restart: until=/RESTARTS.*1/, attempt 7 · 1m10s of retry=5m`);
    assert.ok(writes.every((w) => !w.includes('\n')), 'the status line never ends a line');
    writes.length = 0;
    status.write('ℹ a notice\n');
    assert.deepEqual(writes, [CLEAR, 'ℹ a notice\n']);
    advance(1_000);
    writes.length = 0;
    wait.end();
    assert.deepEqual(writes, [CLEAR], 'cleared when the block ends, before its result line');
    assert.equal(ticking(), false, 'no timer is left once no block waits');
    advance(10_000);
    assert.deepEqual(writes, [CLEAR]);
  });

  it('a block that ends within 2 s writes nothing at all, on a terminal or not', () => {
    for (const isTTY of [true, false]) {
      const { advance, writes, status } = watching(isTTY);
      const wait = status.begin(follow);
      advance(1_900);
      wait.end();
      status.write('✓ done\n');
      assert.deepEqual(writes, ['✓ done\n']);
    }
  });

  it('without a terminal (or in CI): a whole plain line at most every 30 s', () => {
    for (const [isTTY, env] of [[false, {}], [true, { CI: 'true' }]] as const) {
      const { advance, writes, status } = watching(isTTY, { env });
      const wait = status.begin(follow);
      advance(65_000);
      assert.deepEqual(writes, [
        '⏳ content/notes/t.mdx:9 job-log: kubectl logs -f job/batch-job · 2s of timeout=2m\n',
        '⏳ content/notes/t.mdx:9 job-log: kubectl logs -f job/batch-job · 32s of timeout=2m\n',
        '⏳ content/notes/t.mdx:9 job-log: kubectl logs -f job/batch-job · 1m2s of timeout=2m\n',
      ]);
      wait.end();
      assert.equal(writes.length, 3, 'nothing to clear: no carriage return is ever written');
    }
  });

  it('--jobs: a terminal shows the wait that began first (+N more); a pipe gets whole lines per wait', () => {
    const tty = watching(true);
    const { status, writes } = tty;
    const first = status.begin(follow);
    tty.advance(3_000);
    status.begin(settle);
    tty.advance(2_000);
    assert.equal(writes.at(-1), `${CLEAR}⏳ content/notes/t.mdx:9 job-log: kubectl logs -f job/batch-job · 5s of timeout=2m (+1 more)`);
    first.end();
    tty.advance(1_000);
    assert.equal(writes.at(-1), `${CLEAR}⏳ content/notes/t.mdx:5 liveness-restart: until=/RESTARTS.*1/, attempt 1 · 3s of retry=5m`);

    const pipe = watching(false);
    const { status: piped, writes: lines } = pipe;
    piped.begin(follow);
    pipe.advance(1_000);
    piped.begin(settle);
    pipe.advance(2_000);
    piped.write('✓ content/notes/t.mdx:13 forward passed (0.2s)\n');
    assert.deepEqual(lines.map((w) => w.split(':').slice(0, 2).join(':')), ['⏳ content/notes/t.mdx:9 job-log', '⏳ content/notes/t.mdx:5 liveness-restart', '✓ content/notes/t.mdx:13 forward passed (0.2s)\n']);
    assert.ok(lines.every((w) => w.endsWith('\n') && !w.includes('\r')));
  });

  it('a line wider than the terminal is cut to fit (wide letters count twice), so it can be rewritten in place', () => {
    const { advance, writes, status } = watching(true, { columns: 40 });
    const [korean] = noteBlocks(fence('run id=greet timeout=10s', 'echo "안녕하세요 쿠버네티스 인 액션 스터디"'));
    status.begin(korean!);
    advance(2_000);
    const line = writes.at(-1)!.slice(CLEAR.length);
    const width = [...line].reduce((sum, c) => sum + (/[\u1100-\u115f\u23f3\uac00-\ud7a3]/u.test(c) ? 2 : 1), 0);
    assert.ok(line.endsWith('…') && width <= 39, `${line} takes ${width} columns`);
  });

  it('close() (the process exits, a second Ctrl-C) stops every wait and clears the line', () => {
    const { advance, ticking, writes, status } = watching(true);
    const wait = status.begin(settle);
    advance(2_000);
    status.close();
    assert.equal(writes.at(-1), CLEAR);
    assert.equal(ticking(), false);
    wait.end();
    assert.equal(writes.at(-1), CLEAR);
    assert.equal(writes.length, 2, 'ending a closed wait writes nothing more');
  });
});

describe('wait status through the real CLI (no Docker: blocks without needs)', () => {
  const cli = fileURLToPath(new URL('../../../scripts/verify-notes.mjs', import.meta.url));

  it('a retry= until= block that settles after a few attempts says so on stderr; a block that ends at once does not; stdout and the recording never see it', () => {
    const root = mkdtempSync(join(tmpdir(), 'kn-waits-'));
    try {
      mkdirSync(join(root, 'content/notes'), { recursive: true });
      const note = [
        fence('run id=at-once', 'echo at once'),
        // A counter in the session's work dir: attempts 1–3 print "count 1".."count 3", the 4th settles.
        fence('run id=settle retry=6s until=/count 4/', 'n=$(( $(cat counter 2>/dev/null || echo 0) + 1 )); echo $n > counter; echo "count $n"'),
      ];
      writeFileSync(join(root, 'content/notes/waits.mdx'), `---\ntitle: t\n---\n\n${note.join('\n\n')}\n`);
      const run = spawnSync(process.execPath, [cli, '--root', root, '--update', '--repeat', '1', '--reporter', 'json'], { encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' }, timeout: 60_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /^⏳ content\/notes\/waits\.mdx:9 settle: until=\/count 4\/, attempt [2-4] · [23]s of retry=6s$/m);
      assert.match(run.stderr, /^● content\/notes\/waits\.mdx:9 settle recorded \([\d.]+s\), 4 attempts: new recording$/m);
      assert.doesNotMatch(run.stderr, /⏳[^\n]*at-once/);
      assert.ok(!run.stderr.includes('\r'), 'no carriage return without a terminal');
      assert.ok(!run.stdout.includes('⏳') && JSON.parse(run.stdout).notes.length === 1, 'the JSON report on stdout is only the report');
      assert.ok(!readFileSync(join(root, 'content/outputs/waits.json'), 'utf8').includes('⏳'), 'nothing of it is recorded');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
