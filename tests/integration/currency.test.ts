// Currency and filters on the real Docker engine: `npm run test:integration` where Docker runs.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fixtureProject } from '../support/project.ts';
import { dockerUp, skipUnlessCI } from '../support/engine.ts';
import { fence } from '../support/blocks.ts';


const app = (status: number) => fence('file=app.sh', `echo "HTTP ${status}"`, 'bash');
const note = (status = 200) =>
  [
    fence('run id=start needs=docker', 'docker run -d --name kn-currency-web busybox sleep 300 >/dev/null\necho started'),
    app(status),
    fence('run id=call needs=docker', 'docker exec kn-currency-web sh -c "$(cat app.sh)"'),
    fence('run id=ps needs=docker', 'docker ps --filter name=kn-currency-web --format "{{.Names}} {{.Image}}"'),
    fence('run id=clean needs=docker cleanup', 'docker rm -f kn-currency-web >/dev/null'),
  ].join('\n\n');

describe('currency of recordings, on the real engine', { skip: skipUnlessCI(!dockerUp && 'no Docker engine here') }, () => {
  it('an edited file block makes --static and the run fail naming the file; re-recording makes them pass', async () => {
    const project = await fixtureProject({ n: note() });
    try {
      assert.equal((await project.run('--update')).code, 0);
      assert.equal((await project.run('--static')).code, 0);
      await project.write('n', note(500));
      const stale = await project.run('--static');
      assert.equal(stale.code, 1);
      assert.match(stale.stderr, /n\.mdx:\d+ call stale: since it was recorded, file app\.sh changed/);
      assert.match(stale.stderr, /n\.mdx:\d+ ps stale: since it was recorded, file app\.sh changed/);
      assert.match(stale.stderr, /n\.mdx:\d+ clean stale/);
      assert.doesNotMatch(stale.stderr, / start stale/, 'a block before the file is still current');
      const run = await project.run();
      assert.equal(run.code, 1);
      assert.match(run.stderr, /call stale \([\d.]+s\): since it was recorded, file app\.sh changed\n(.*\n)*.*-HTTP 200\n\s*\+HTTP 500/);
      assert.equal((await project.run('--update')).code, 0);
      assert.equal((await project.run('--static')).code, 0);
    } finally {
      await project.dispose();
    }
  });

  it('a hand-edited transcript is caught by --static, and --renormalize only refreshes comparison forms', async () => {
    const project = await fixtureProject({ n: note() });
    try {
      assert.equal((await project.run('--update')).code, 0);
      const good = await project.recording('n');
      const edited = JSON.parse(good);
      edited.blocks.call.transcript = 'HTTP 200 OK, trust me\n';
      writeFileSync(project.recordingPath('n'), JSON.stringify(edited, null, 2));
      const check = await project.run('--static');
      assert.equal(check.code, 1);
      assert.match(check.stderr, /call stale: the stored normalised output is not what the normalisers make of the stored transcript/);
      assert.match(check.stderr, /hint: .*--renormalize --note n/);
      writeFileSync(project.recordingPath('n'), good);
      const renormalize = await project.run('--renormalize');
      assert.equal(renormalize.code, 0);
      assert.match(renormalize.stderr, /every comparison form already matches/);
      assert.equal(await project.recording('n'), good, 'nothing to refresh: the file is untouched');
    } finally {
      await project.dispose();
    }
  });

  it('--update --block gives the block its session state and leaves every other recording byte for byte', async () => {
    const project = await fixtureProject({ n: note() });
    try {
      assert.equal((await project.run('--update')).code, 0);
      const before = await project.recording('n');
      const update = await project.run('--update', '--block', 'ps');
      assert.equal(update.code, 0, update.stderr);
      assert.match(update.stderr, /start prerequisite/);
      assert.match(update.stderr, /call prerequisite/);
      assert.equal(await project.recording('n'), before, 'same output from the same session state: not rewritten');
      assert.equal(JSON.parse(before).blocks.ps.normalized, 'kn-currency-web busybox\n', 'docker ps saw the container its note started');
      for (const args of [['--static', '--needs', 'docker'], ['--static', '--block', 'ps']]) {
        const check = await project.run(...args);
        assert.equal(check.code, 0, `${args.join(' ')}: ${check.stderr}`);
        assert.doesNotMatch(check.stderr, /has no block any more/);
      }
    } finally {
      await project.dispose();
    }
  });
});

