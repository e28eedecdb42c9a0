// --changed, --shard + merge-reports and --jobs on the real Docker engine, with small Docker
// notes in a temp project: `flock /tmp/kubia-notes-dev.lock npm run test:integration -- tests/integration/scale.test.ts`.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fence } from '../support/blocks.ts';
import { dockerUp, skipUnlessCI } from '../support/engine.ts';
import { fixtureProject } from '../support/project.ts';

const MERGE = fileURLToPath(new URL('../../scripts/merge-reports.ts', import.meta.url));
const sh = (command: string) => execFileSync('bash', ['-c', command], { encoding: 'utf8', timeout: 30_000 }).trim();

/** A small Docker note whose objects carry its name: a container, a command in it, cleanup. */
const note = (name: string, greeting = 'hello') =>
  [
    fence(`run id=${name}-start needs=docker`, `docker run -d --name kn-${name}-web busybox sleep 60 >/dev/null\necho started`),
    fence(`run id=${name}-greet needs=docker`, `docker exec kn-${name}-web echo "${greeting} from ${name}"`),
    fence(`run id=${name}-clean needs=docker cleanup`, `docker rm -f kn-${name}-web >/dev/null`),
  ].join('\n\n');

type Report = { ok: boolean; notes: Array<{ note: string; skipped?: string; placement?: { mode: string }; blocks: Array<{ id: string; status: string }> }> };
const verdicts = (report: Report) => report.notes.map((n) => [n.note, n.skipped ?? '', n.blocks.map((b) => `${b.id} ${b.status}`)]);

describe('a book of notes: --changed, --shard and merge, --jobs (real engine)', { skip: skipUnlessCI(!dockerUp && 'no Docker engine here') }, () => {
  it('--changed skips the notes whose recordings are current and runs the one that was edited', async () => {
    const project = await fixtureProject({ a: note('a'), b: note('b') });
    try {
      assert.equal((await project.run('--update')).code, 0);
      const recordingA = await project.recording('a');

      const nothing = await project.run('--changed', '--reporter', 'json');
      assert.equal(nothing.code, 0, nothing.stderr);
      assert.match(nothing.stderr, /--changed: 0 of 2 note\(s\) to run; skipped \(current\): a, b/);
      assert.match(nothing.stderr, /^· content\/notes\/a\.mdx skipped \(current\)$/m);
      assert.match(nothing.stderr, /0 passed, 0 failed, 2 notes skipped \(current\)$/m);
      assert.deepEqual(verdicts(JSON.parse(nothing.stdout)), [
        ['a', 'current', ['a-start skipped', 'a-greet skipped', 'a-clean skipped']],
        ['b', 'current', ['b-start skipped', 'b-greet skipped', 'b-clean skipped']],
      ]);

      await project.write('b', note('b', 'hi'));
      const edited = await project.run('--changed');
      assert.equal(edited.code, 1, 'b runs, and its edited block is stale until re-recorded');
      assert.match(edited.stderr, /--changed: 1 of 2 note\(s\) to run: b \(b-greet stale: since it was recorded, the block itself changed/);
      assert.match(edited.stderr, /b\.mdx:\d+ b-greet stale/);
      assert.doesNotMatch(edited.stderr, /a-greet/, 'a did not run');

      const update = await project.run('--changed', '--update');
      assert.equal(update.code, 0, update.stderr);
      assert.match(JSON.parse(await project.recording('b')).blocks['b-greet'].normalized, /^hi from b\n$/);
      assert.equal(await project.recording('a'), recordingA, 'the current note was not touched');
      assert.match((await project.run('--changed')).stderr, /0 of 2 note\(s\) to run/);
    } finally {
      await project.dispose();
    }
  });

  it('two shards merged report what one unsharded run reports: the same verdicts and the same exit code', async () => {
    const project = await fixtureProject({ a: note('a'), b: note('b') });
    const reports = mkdtempSync(join(tmpdir(), 'kn-shards-'));
    try {
      assert.equal((await project.run('--update')).code, 0);
      // A drift in b, so that the verdicts are not all alike.
      const recording = JSON.parse(await project.recording('b'));
      Object.assign(recording.blocks['b-greet'], { transcript: 'hello from elsewhere\n', normalized: 'hello from elsewhere\n' });
      writeFileSync(project.recordingPath('b'), JSON.stringify(recording));

      const whole = await project.run('--reporter', 'json', '--report-file', join(reports, 'whole.json'));
      for (const index of [1, 2]) {
        const shard = await project.run('--shard', `${index}/2`, '--reporter', 'json', '--report-file', join(reports, 'shards', `${index}.json`));
        assert.equal(JSON.parse(readFileSync(join(reports, 'shards', `${index}.json`), 'utf8')).notes.length, 1, `one note in shard ${index}: ${shard.stderr}`);
      }
      const merge = spawnSync(process.execPath, [MERGE, join(reports, 'shards'), '--json', join(reports, 'merged.json')], { encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
      assert.equal(whole.code, 1);
      assert.equal(merge.status, whole.code, merge.stderr);
      assert.match(merge.stderr, /2 report\(s\) of 2 shard\(s\): 5 passed, 1 failed \(drift 1\)/);
      const merged = JSON.parse(readFileSync(join(reports, 'merged.json'), 'utf8')) as Report;
      const unsharded = JSON.parse(readFileSync(join(reports, 'whole.json'), 'utf8')) as Report;
      assert.deepEqual(verdicts(merged), verdicts(unsharded));
      assert.equal(merged.ok, unsharded.ok);
    } finally {
      rmSync(reports, { recursive: true, force: true });
      await project.dispose();
    }
  });

  it('--jobs 2 runs isolated notes side by side and a note that lists the engine alone; nothing is left', async () => {
    const meet = mkdtempSync(join(tmpdir(), 'kn-meet-'));
    // Each isolated note waits (bounded) until the other one has started: only side by side can
    // both pass. Meeting through a shared dir reaches beyond the note, so they say `isolated: true`.
    const meeting = (name: string, other: string) =>
      [
        fence(`run id=${name}-meet needs=docker`, `docker run -d --name kn-${name}-web busybox sleep 60 >/dev/null\ntouch "$KN_MEET/${name}"\nfor i in $(seq 1 100); do [ -e "$KN_MEET/${other}" ] && break; sleep 0.1; done\n[ -e "$KN_MEET/${other}" ] && echo "met ${other}"`),
        fence(`run id=${name}-clean needs=docker cleanup`, `docker rm -f kn-${name}-web >/dev/null`),
      ].join('\n\n');
    const project = await fixtureProject(
      { a: meeting('a', 'b'), b: meeting('b', 'a'), c: fence('run id=c-ps needs=docker', 'docker ps --format "{{.Names}}" | grep -c kn-never || true'), d: note('d') },
      { a: 'isolated: true', b: 'isolated: true' },
    );
    try {
      const env = { KN_MEET: meet };
      const run = await project.runWith({ env }, '--update', '--jobs', '2', '--reporter', 'json');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /… parallel: a: its frontmatter declares isolated: true/);
      assert.match(run.stderr, /… parallel: d: its docker commands name only its own objects \(names that start with "d-" or "kn-d-"\)/);
      assert.match(run.stderr, /… sequential: c: content\/notes\/c\.mdx:\d+: `docker ps --format \{\{\.Names\}\}` lists every object on the engine/);
      const report = JSON.parse(run.stdout) as Report;
      assert.deepEqual(report.notes.map((n) => [n.note, n.placement?.mode]), [['a', 'parallel'], ['b', 'parallel'], ['c', 'sequential'], ['d', 'parallel']]);
      assert.equal(JSON.parse(await project.recording('a')).blocks['a-meet'].normalized, 'met b\n');
      assert.equal(sh('docker ps -aq --filter name=kn-a-web --filter name=kn-b-web --filter name=kn-d-web'), '');
      assert.equal(sh('docker ps -aq --filter label=io.kubia-notes.session'), '', 'no labelled container is left');
    } finally {
      rmSync(meet, { recursive: true, force: true });
      await project.dispose();
    }
  });
});
