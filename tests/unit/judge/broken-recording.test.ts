// A recording file that cannot be read (a merge conflict, a write cut short) stops every mode
// with a hint that says "re-record with --update"; --update itself then replaces it, keeping
// the old file beside the new one. The real CLI on a note whose block needs nothing.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { readForUpdate } from '../../../scripts/lib/judge/broken-recording.ts';
import { readRecording } from '../../../src/lib/store/store.ts';
import { fixtureProject } from '../../support/project.ts';

const CONFLICT = '{"note": "n",\n<<<<<<< HEAD\n"blocks": {}\n=======\n"blocks": {"a": 1}\n>>>>>>> other\n}\n';

describe('--update replaces a broken recording', () => {
  let project: Awaited<ReturnType<typeof fixtureProject>>;
  before(async () => {
    project = await fixtureProject({ n: '```sh run id=hello\necho hello\n```' });
    await mkdir(`${project.root}/content/outputs`, { recursive: true });
  });
  after(() => project.dispose());
  const outputs = async () => (await readdir(`${project.root}/content/outputs`)).sort();

  it('readForUpdate: a broken file is an empty recording and the reason; other errors still throw', async () => {
    await writeFile(project.recordingPath('n'), CONFLICT);
    const { recording, broken } = await readForUpdate(readRecording, 'n', 'content/notes/n.mdx', project.root);
    assert.deepEqual(recording, { note: 'n', source: 'content/notes/n.mdx', blocks: {} });
    assert.match(broken ?? '', /n\.json: not valid JSON \(it holds merge-conflict markers\)/);
    await assert.rejects(readForUpdate(() => Promise.reject(new Error('disk')), 'n', 'x', project.root), /disk/);
  });

  for (const [what, text] of [['merge-conflict markers', CONFLICT], ['a file cut short', '{"note": "n", "source": "content/notes/n.mdx", "blo']] as const) {
    it(`${what}: plain and --static runs refuse with the hint; --update records and keeps the old file`, async () => {
      await writeFile(project.recordingPath('n'), text);
      for (const args of [[], ['--static']]) {
        const run = await project.run(...args);
        assert.equal(run.code, 2, run.stderr);
        assert.match(run.stderr, /hint: .*re-record with `npm run verify-notes -- --update --note n`/);
      }
      const update = await project.run('--update');
      assert.equal(update.code, 0, update.stderr);
      assert.match(update.stderr, /--update runs the note as unrecorded and replaces that file/);
      assert.equal(JSON.parse(await project.recording('n')).blocks.hello.transcript, 'hello\n');
      const kept = (await outputs()).filter((name) => name.startsWith('n.json.broken-'));
      assert.equal(kept.length, 1, `one copy: ${await outputs()}`);
      assert.equal(await readFile(`${project.root}/content/outputs/${kept[0]}`, 'utf8'), text, 'the old file, byte for byte');
      assert.match(update.stderr, new RegExp(`the old file is kept as .*${kept[0]}`));
      assert.equal((await project.run('--static')).code, 0);
      await Promise.all(kept.map((name) => rm(`${project.root}/content/outputs/${name}`)));
    });
  }

  it('a Docker note: the broken recording is what the run says, though the engine it asked early is not there', async () => {
    // The engine's versions are asked before the recordings are read (verify-notes-main.ts);
    // a run that stops at the recording must neither wait for that answer nor crash on it.
    const docker = await fixtureProject({ d: '```sh run id=ps needs=docker\ndocker ps\n```' });
    try {
      await mkdir(`${docker.root}/content/outputs`, { recursive: true });
      await writeFile(docker.recordingPath('d'), CONFLICT);
      const run = await docker.runWith({ env: { DOCKER_HOST: `unix://${docker.root}/no-engine.sock` } });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /hint: .*re-record with `npm run verify-notes -- --update --note d`/);
      assert.doesNotMatch(run.stderr, /docker:|Unhandled|EngineApiError/);
    } finally {
      await docker.dispose();
    }
  });

  it('--update --changed takes a note whose recording is broken', async () => {
    await writeFile(project.recordingPath('n'), CONFLICT);
    const update = await project.run('--update', '--changed');
    assert.equal(update.code, 0, update.stderr);
    assert.equal(JSON.parse(await project.recording('n')).blocks.hello.transcript, 'hello\n');
  });
});
