// The runner against the real Docker engine: run `npm run test:integration` where Docker runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixtureProject } from '../support/project.ts';
import { dockerUp, skipUnlessCI } from '../support/engine.ts';

if (!dockerUp && process.env.CI) throw new Error('CI without a Docker engine: run scripts/airgap/setup-docker.sh first');

const sh = (command: string) => execFileSync('bash', ['-c', command], { encoding: 'utf8', timeout: 30_000 }).trim();
const ourTempDirs = () => readdirSync(tmpdir()).filter((name) => name.startsWith('kubia-notes-')).sort();
const block = (meta: string, code: string) => `\`\`\`sh ${meta}\n${code}\n\`\`\``;

describe('verify-notes against the real Docker engine', { skip: skipUnlessCI(!dockerUp && 'no Docker engine here') }, () => {
  let tempDirsBefore: string[];
  let containersBefore: string;
  before(() => {
    tempDirsBefore = ourTempDirs();
    containersBefore = sh('docker ps -aq --no-trunc | sort');
  });
  after(() => {
    assert.deepEqual(ourTempDirs(), tempDirsBefore, 'no session work dir is left in the temp dir');
    const added = sh('docker ps -aq --no-trunc').split('\n').filter((id) => id && !containersBefore.includes(id));
    assert.deepEqual(added, [], 'docker ps -a shows no container that was not there before');
    for (const kind of ['ps -a', 'network ls', 'volume ls', 'images']) {
      assert.equal(sh(`docker ${kind} -q --filter label=io.kubia-notes.session`), '', `no labelled ${kind} object is left`);
    }
  });

  it('--update replaces a recording with merge-conflict markers and keeps the old file', async () => {
    const project = await fixtureProject({ n: `# 노트\n\n${block('run id=hello needs=docker', 'docker run --rm busybox echo "Hello world"')}` });
    try {
      const conflict = '{"note": "n",\n<<<<<<< HEAD\n"blocks": {}\n=======\n"blocks": {"a": 1}\n>>>>>>> other\n}\n';
      execFileSync('mkdir', ['-p', join(project.root, 'content/outputs')]);
      writeFileSync(project.recordingPath('n'), conflict);
      const plain = await project.run();
      assert.equal(plain.code, 2, plain.stderr);
      assert.match(plain.stderr, /merge-conflict markers[^]*re-record with `npm run verify-notes -- --update --note n`/);
      const update = await project.run('--update');
      assert.equal(update.code, 0, update.stderr);
      const recording = JSON.parse(await project.recording('n'));
      assert.equal(recording.blocks.hello.normalized, 'Hello world\n');
      const kept = readdirSync(join(project.root, 'content/outputs')).filter((name) => name.startsWith('n.json.broken-'));
      assert.equal(kept.length, 1);
      assert.equal(readFileSync(join(project.root, 'content/outputs', kept[0] as string), 'utf8'), conflict);
      assert.equal((await project.run()).code, 0);
    } finally {
      await project.dispose();
    }
  });

  it('records, verifies, and names the block when the recording drifts', async () => {
    const project = await fixtureProject({ n: `# 노트\n\n${block('run id=hello needs=docker', 'docker run --rm busybox echo "Hello world"')}` });
    try {
      const first = await project.run('--update');
      assert.equal(first.code, 0, first.stderr);
      const recording = JSON.parse(await project.recording('n'));
      assert.equal(recording.blocks.hello.normalized, 'Hello world\n');
      assert.match(recording.blocks.hello.environment.docker.server, /^\d+\./);
      assert.equal((await project.run()).code, 0);

      const rerecord = await project.run('--update');
      assert.doesNotMatch(rerecord.stderr, /output changed/, 'an unchanged output is re-recorded silently');

      // A consistent edit (transcript and comparison form), as if the command had printed it.
      recording.blocks.hello.transcript = 'Hello there\n';
      recording.blocks.hello.normalized = 'Hello there\n';
      writeFileSync(project.recordingPath('n'), JSON.stringify(recording));
      const drift = await project.run();
      assert.equal(drift.code, 1);
      assert.match(drift.stderr, /content\/notes\/n\.mdx:7 hello drift/);
      assert.match(drift.stderr, /-Hello there\n\s*\+Hello world/);
      const update = await project.run('--update');
      assert.match(update.stderr, /hello recorded .*: output changed\n.*\n.*\n.*\n\s*-Hello there\n\s*\+Hello world/, '--update shows what it changes');
    } finally {
      await project.dispose();
    }
  });

  it('--static fails when a block was edited without re-recording', async () => {
    const project = await fixtureProject({ n: block('run id=a', 'echo one') });
    try {
      assert.equal((await project.run('--update')).code, 0);
      assert.equal((await project.run('--static')).code, 0);
      await project.write('n', block('run id=a', 'echo two'));
      const stale = await project.run('--static');
      assert.equal(stale.code, 1);
      assert.match(stale.stderr, /n\.mdx:5 a stale/);
    } finally {
      await project.dispose();
    }
  });

  it('kills a hanging block at its timeout, runs cleanup, and leaves the store untouched', async () => {
    const marker = join(tmpdir(), `kn-cleanup-${process.pid}`);
    const note = (tail: string) =>
      [block('run id=first', 'echo first'), block('run id=hang needs=docker timeout=2s', tail), block('run id=after', 'echo never'), block('run id=tidy needs=docker cleanup', `touch ${marker}`)].join('\n\n');
    const project = await fixtureProject({ n: note('echo quick') });
    try {
      assert.equal((await project.run('--update')).code, 0);
      const good = await project.recording('n');
      await project.write('n', note('sleep 313 & sleep 314'));
      const hang = await project.run('--update');
      assert.equal(hang.code, 1);
      assert.ok(hang.ms < 30_000, `killed in time (${hang.ms} ms)`);
      assert.match(hang.stderr, /hang failed .*timed out after 2 s \(timeout=2s; process group killed\)/);
      assert.match(hang.stderr, /after not-run/);
      assert.ok(readFileSync(marker), 'the cleanup block ran after the failure');
      assert.equal(sh("pgrep -f 'sleep 31[34]' || true"), '', 'the whole process group was killed');
      assert.equal(await project.recording('n'), good, 'a failed run never changes the recording');
    } finally {
      sh(`rm -f ${marker}`);
      await project.dispose();
    }
  });

  it('kills what a finished block left running in the background', async () => {
    const project = await fixtureProject({ n: block('run id=stray', 'sleep 316 &\necho started') });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 0, run.stderr);
      assert.equal(sh("pgrep -f 'sleep 31[6]' || true"), '', 'no stray process survives its block');
    } finally {
      await project.dispose();
    }
  });

  it('on Ctrl-C kills the running block, still runs cleanup, records nothing and exits 130', async () => {
    const marker = join(tmpdir(), `kn-interrupt-${process.pid}`);
    const project = await fixtureProject({ n: [block('run id=long', 'sleep 318'), block('run id=next', 'echo never'), block('run id=tidy cleanup', `touch ${marker}`)].join('\n\n') });
    try {
      const run = await project.runInterrupted(1500, '--update');
      assert.equal(run.code, 130, run.stderr);
      assert.ok(run.ms < 20_000, `stopped promptly (${run.ms} ms)`);
      assert.match(run.stderr, /SIGINT: stopping after cleanup/);
      assert.match(run.stderr, /long failed .*interrupted \(process group killed\)/);
      assert.match(run.stderr, /next not-run/);
      assert.ok(readFileSync(marker), 'cleanup ran');
      assert.equal(sh("pgrep -f 'sleep 31[8]' || true"), '', 'the block was killed');
      assert.throws(() => readFileSync(project.recordingPath('n')), /ENOENT/, 'nothing recorded');
    } finally {
      sh(`rm -f ${marker}`);
      await project.dispose();
    }
  });

  it('a failing block fails the run and shows its output', async () => {
    const project = await fixtureProject({ n: block('run id=boom', 'echo "about to fail" >&2; exit 3') });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 1);
      assert.match(run.stderr, /boom failed .*exited with 3, expected 0/);
      assert.match(run.stderr, /about to fail/);
      assert.throws(() => readFileSync(project.recordingPath('n')), /ENOENT/, 'nothing recorded');
    } finally {
      await project.dispose();
    }
  });

  it('expect=fail passes only when the command fails', async () => {
    const project = await fixtureProject({ n: block('run id=gen expect=fail', 'echo "error: unknown flag: --generator" >&2; exit 1') });
    try {
      assert.equal((await project.run('--update')).code, 0);
      await project.write('n', block('run id=gen expect=fail', 'echo fine'));
      const run = await project.run('--update');
      assert.equal(run.code, 1);
      assert.match(run.stderr, /gen failed .*exited with 0, expected a failure/, "the block changed, so this is not rot of a recorded command");
    } finally {
      await project.dispose();
    }
  });

  it('closes stdin, so a command that reads it cannot swallow the rest', async () => {
    const project = await fixtureProject({ n: block('run id=stdin', 'cat; read -r line || echo "stdin is closed"') });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(await project.recording('n')).blocks.stdin.normalized, 'stdin is closed\n');
    } finally {
      await project.dispose();
    }
  });

  it('labels through the function in the block shell and the shim on PATH for what it starts', async () => {
    const name = `kn-int-label-${process.pid}`;
    const labelOf = (container: string) => `docker inspect --format '{{index .Config.Labels "io.kubia-notes.session"}}' ${container} | grep -c .`;
    const code = [
      'type -t docker',
      `docker run -d --name ${name} busybox sleep 60 >/dev/null`,
      labelOf(name),
      // Another bash, global options before the subcommand, `command docker`: the shim.
      `bash -c 'docker --log-level error run -d --name ${name}-child busybox sleep 60' >/dev/null`,
      labelOf(`${name}-child`),
      `command docker create --name ${name}-command busybox >/dev/null`,
      labelOf(`${name}-command`),
      `docker rm -f ${name} ${name}-child ${name}-command >/dev/null`,
    ].join('\n');
    const project = await fixtureProject({ n: block('run id=labels needs=docker', code) });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(await project.recording('n')).blocks.labels.normalized, 'function\n1\n1\n1\n');
    } finally {
      sh(`docker rm -f ${name} ${name}-child ${name}-command >/dev/null 2>&1 || true`);
      await project.dispose();
    }
  });

  for (const via of ['api', 'cli'] as const) {
  it(`labels what a session creates and removes leftovers, reporting them (found through the engine ${via === 'api' ? 'API' : 'CLI'})`, async () => {
    const name = `kn-int-leak-${via}-${process.pid}`;
    const project = await fixtureProject({
      n: block('run id=leak needs=docker', `docker run -d --name ${name} busybox sleep 60 >/dev/null\ndocker inspect --format '{{index .Config.Labels "io.kubia-notes.session"}}' ${name} | grep -c .`),
    });
    try {
      const run = await project.runWith({ env: via === 'cli' ? { KUBIA_NOTES_DOCKER_API: 'off' } : {} }, '--update');
      assert.equal(run.code, 1);
      assert.match(run.stderr, new RegExp(`left behind in Docker \\(now removed\\): container ${name} \\(busybox, running\\)`));
      assert.equal(sh(`docker ps -aq --filter name=${name}`), '');
    } finally {
      await project.dispose();
    }
  });
  }

  it('starts a background block, waits for its ready line, and stops it at the end', async () => {
    const project = await fixtureProject({
      n: [block('run id=server background ready=/READY/', "echo starting; sleep 0.3; echo READY; exec sleep 315"), block('run id=check', "pgrep -f 'sleep 315' >/dev/null && echo running")].join('\n\n'),
    });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 0, run.stderr);
      const blocks = JSON.parse(await project.recording('n')).blocks;
      assert.equal(blocks.server.normalized, 'starting\nREADY\n');
      assert.equal(blocks.check.normalized, 'running\n');
      assert.equal(sh("pgrep -f 'sleep 31[5]' || true"), '', 'the background process group was stopped');
    } finally {
      await project.dispose();
    }
  });

  it('Ctrl-C while a background block waits for its ready line stops at once, not at its timeout', async () => {
    const project = await fixtureProject({ n: block('run id=waits background ready=/NEVER/ timeout=60s', 'echo starting; exec sleep 319') });
    try {
      const run = await project.runInterrupted(1500, '--update');
      assert.equal(run.code, 130, run.stderr);
      assert.ok(run.ms < 10_000, `stopped promptly (${run.ms} ms), not after the 60 s ready timeout`);
      assert.match(run.stderr, /waits failed .*interrupted/);
      assert.equal(sh("pgrep -f 'sleep 31[9]' || true"), '', 'the background block was killed');
    } finally {
      await project.dispose();
    }
  });

  it('fails a background block that never prints its ready line, and still runs cleanup', async () => {
    const project = await fixtureProject({
      n: [block('run id=never background ready=/READY/ timeout=2s', 'echo starting; exec sleep 317'), block('run id=tidy cleanup', 'echo tidied')].join('\n\n'),
    });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 1);
      assert.match(run.stderr, /never failed .*background block did not get ready: no line matched \/READY\/m within 2000 ms/);
      assert.match(run.stderr, /tidy prerequisite .*cleanup after a failed run: not compared/);
      assert.equal(sh("pgrep -f 'sleep 31[7]' || true"), '');
    } finally {
      await project.dispose();
    }
  });

  it('retries until the block succeeds and records the attempts', async () => {
    const flag = join(tmpdir(), `kn-retry-${process.pid}`);
    const project = await fixtureProject({ n: block('run id=eventually retry=20s', `n=$(cat ${flag} 2>/dev/null || echo 0); echo $((n+1)) > ${flag}; test "$n" -ge 2 && echo ready`) });
    try {
      const run = await project.run('--update');
      assert.equal(run.code, 0, run.stderr);
      const recorded = JSON.parse(await project.recording('n')).blocks.eventually;
      assert.equal(recorded.attempts, 3);
      assert.equal(recorded.normalized, 'ready\n');
    } finally {
      sh(`rm -f ${flag}`);
      await project.dispose();
    }
  });

  it('until= re-runs a block that succeeds until its output settles, records the settled output, and verifies it again', async () => {
    // "Pending", "Pending", then "Running": like `kubectl get pod` right after `kubectl create`.
    const settling = 'n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; if [ "$n" -ge 2 ]; then echo "kubia-manual 1/1 Running"; else echo "kubia-manual 0/1 Pending"; fi';
    const project = await fixtureProject({ n: [block('run id=state retry=20s until=/Running/', settling), block('run id=never retry=3s until=/Running/', 'echo "still Pending"')].join('\n\n') });
    try {
      await project.write('n', block('run id=state retry=20s until=/Running/', settling));
      assert.equal((await project.run('--update')).code, 0);
      const recorded = JSON.parse(await project.recording('n')).blocks.state;
      assert.equal(recorded.normalized, 'kubia-manual 1/1 Running\n', 'the settled output, not the first one');
      assert.equal(recorded.attempts, 3);
      const again = await project.run();
      assert.equal(again.code, 0, again.stderr);
      await project.write('n', [block('run id=state retry=20s until=/Running/', settling), block('run id=never retry=3s until=/Running/', 'echo "still Pending"')].join('\n\n'));
      const stuck = await project.run('--update');
      assert.equal(stuck.code, 1);
      assert.match(stuck.stderr, /never failed .*the output never matched until=\/Running\/m within retry=3s \(\d+ attempts\)/);
      assert.match(stuck.stderr, /output:\n\s+still Pending/, 'the last attempt is shown');
    } finally {
      await project.dispose();
    }
  });
});

describe('verify-notes input errors', () => {
  it('reports bad meta at file:line with a hint and exit 2', async () => {
    const project = await fixtureProject({ n: `# x\n\n${block('run id=a neds=docker', 'echo')}` });
    try {
      const run = await project.run('--static');
      assert.equal(run.code, 2);
      assert.match(run.stderr, /content\/notes\/n\.mdx:7: unknown key "neds" in block meta\n  hint: .*valid keys:/);
    } finally {
      await project.dispose();
    }
  });

  it('rejects unknown options and notes with a hint', async () => {
    const project = await fixtureProject({ n: block('run id=a', 'echo') });
    try {
      const bad = await project.run('--frobnicate');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--help/);
      const note = await project.run('--note', 'week-99');
      assert.equal(note.code, 2);
      assert.match(note.stderr, /no such note\n  hint: notes are n/);
    } finally {
      await project.dispose();
    }
  });
});
