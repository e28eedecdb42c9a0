// Safe to share a machine and to publish, on the real engine: locks, the sweep of a killed
// run, escaped processes, output bounds, a credential that got past the masker, an engine
// that never answers. `npm run test:integration` where Docker runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dockerUp, skipUnlessCI } from '../support/engine.ts';
import { fence } from '../support/blocks.ts';
import { fixtureProject } from '../support/project.ts';

const sh = (command: string) => execFileSync('bash', ['-c', command], { encoding: 'utf8', timeout: 30_000 }).trim();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sharing the engine, crashes and bounds', { skip: skipUnlessCI(!dockerUp && 'no Docker engine here') }, () => {
  it('a second run on the same engine refuses, naming the first; with --wait it queues; both end correctly', async () => {
    const note = (name: string) => [fence('run id=start needs=docker', `docker run -d --name ${name} busybox sleep 60 >/dev/null; sleep 4; docker ps --filter name=${name} --format '{{.Names}}'`), fence('run id=stop needs=docker cleanup', `docker rm -f ${name} >/dev/null`)].join('\n\n');
    const first = await fixtureProject({ a: note('kn-lock-a') });
    const second = await fixtureProject({ b: note('kn-lock-b') });
    try {
      const running = first.run('--update');
      await sleep(1500);
      const refused = await second.run('--update');
      assert.equal(refused.code, 5, refused.stderr);
      assert.match(refused.stderr, /docker engine .* is in use by another verify-notes run: pid \d+ on .*, started .*, in /);
      assert.match(refused.stderr, /hint: .*--wait/);
      const waited = second.run('--update', '--wait=60s');
      const [one, two] = await Promise.all([running, waited]);
      assert.equal(one.code, 0, one.stderr);
      assert.equal(two.code, 0, two.stderr);
      assert.match(two.stderr, /waiting for docker engine/);
      assert.equal(JSON.parse(await first.recording('a')).blocks.start.normalized, 'kn-lock-a\n', 'the first run kept its container to itself');
      assert.equal(JSON.parse(await second.recording('b')).blocks.start.normalized, 'kn-lock-b\n');
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });

  it('after kill -9 of the runner, the next run removes its container, processes and temp dirs, and says so', async () => {
    const victim = await fixtureProject({ v: fence('run id=hang needs=docker', 'docker run -d --name kn-sweep-victim busybox sleep 300 >/dev/null\nsetsid sleep 331 >/dev/null 2>&1 </dev/null &\nsleep 322') });
    const next = await fixtureProject({ n: fence('run id=hello needs=docker', 'echo hello') });
    try {
      let pid = 0;
      const killed = victim.runWith({ signalAfterMs: 4000, signal: 'SIGKILL', onStart: (p) => (pid = p) }, '--update');
      const run = await killed;
      assert.equal(run.code, null, 'the runner was killed');
      assert.notEqual(sh('docker ps -aq --filter name=kn-sweep-victim'), '', 'the killed run left its container');
      assert.notEqual(sh("pgrep -f 'sleep 33[1]' || true"), '', 'and a setsid process');
      const leftDirs = readdirSync(tmpdir()).filter((d) => d.includes(`.${pid}.`));
      assert.ok(leftDirs.length > 0, 'and its temp dirs');
      const sweep = await next.run('--update');
      assert.equal(sweep.code, 0, sweep.stderr);
      assert.match(sweep.stderr, /removed from Docker what a dead run left: container kn-sweep-victim/);
      assert.match(sweep.stderr, /killed \d+ process\(es\) of a dead run/);
      assert.match(sweep.stderr, /removed \d+ temp dir\(s\) of a dead run/);
      assert.equal(sh('docker ps -aq --filter name=kn-sweep-victim'), '');
      assert.equal(sh("pgrep -f 'sleep 3(3[1]|2[2])' || true"), '');
      assert.deepEqual(readdirSync(tmpdir()).filter((d) => d.includes(`.${pid}.`)), []);
    } finally {
      sh('docker rm -f kn-sweep-victim >/dev/null 2>&1 || true; pkill -f "sleep 33[1]" || true; pkill -f "sleep 32[2]" || true');
      await victim.dispose();
      await next.dispose();
    }
  });

  it('a process a block detaches with setsid ends with its block', async () => {
    const project = await fixtureProject({ n: [fence('run id=detach', 'setsid sleep 332 >/dev/null 2>&1 </dev/null &\necho detached'), fence('run id=after', 'pgrep -f "sleep 33[2]" || echo gone')].join('\n\n') });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(await project.recording('n')).blocks.after.normalized, 'gone\n');
    } finally {
      await project.dispose();
    }
  });

  it('a block printing 5 MB gives a bounded recording with head and tail, and a warning', async () => {
    const project = await fixtureProject({ n: fence('run id=flood', 'seq 1 700000') });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /warning: the output was longer than --max-output; \d+ bytes in the middle are left out/);
      assert.ok(statSync(project.recordingPath('n')).size < 600 * 1024, `recording size ${statSync(project.recordingPath('n')).size}`);
      const { transcript, normalized } = JSON.parse(await project.recording('n')).blocks.flood;
      assert.ok(transcript.startsWith('1\n2\n3\n'));
      assert.ok(transcript.endsWith('699999\n700000\n'));
      assert.match(normalized, /^… ⟨n⟩ bytes omitted …$/m);
      assert.equal((await project.run()).code, 0, 'and it verifies against itself');
    } finally {
      await project.dispose();
    }
  });

  it('--update refuses to write a recording that holds a credential the masker did not know', async () => {
    const project = await fixtureProject({ n: fence('run id=leak', `echo "pushed with ghp_${'a1B2c3D4e5'.repeat(3)}abcdef"`) });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /not recorded: the output of leak holds what looks like a credential/);
      assert.doesNotMatch(run.stderr, /a1B2c3D4e5a1B2c3D4e5/, 'the terminal does not print it either');
      assert.equal(existsSync(project.recordingPath('n')), false, 'nothing was written');
    } finally {
      await project.dispose();
    }
  });

  for (const transport of ['tcp', 'unix'] as const) {
    it(`an engine that accepts connections but never answers (${transport}) is reported as not answering once, and the report file is still written`, async () => {
      // tcp:// goes through the docker CLI, unix:// through the Engine API: both are bounded.
      const server = createServer(() => {});
      const project = await fixtureProject({ n: fence('run id=x needs=docker', 'docker ps') });
      const socket = join(project.root, 'engine.sock');
      await new Promise<void>((resolve) => (transport === 'tcp' ? server.listen(0, '127.0.0.1', resolve) : server.listen(socket, resolve)));
      const host = transport === 'tcp' ? `tcp://127.0.0.1:${(server.address() as { port: number }).port}` : `unix://${socket}`;
      try {
        const report = join(project.root, 'reports/out.xml');
        const run = await project.runWith({ env: { DOCKER_HOST: host } }, '--reporter', 'junit', '--report-file', report);
        assert.equal(run.code, 3, run.stderr);
        assert.match(run.stderr, new RegExp(`Docker engine at ${host.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not answering`));
        assert.ok(run.ms < 15_000, `bounded by one 10 s wait (${run.ms} ms)`);
        assert.match(readFileSync(report, 'utf8'), /<failure message="[^"]*not answering/);
      } finally {
        server.close();
        await project.dispose();
      }
    });
  }
});
