// Resuming a recording: an --update that fails at a block keeps what passed and reproduced
// before it (content/outputs/<note>.json.partial), and `--update --from ID` records from ID on,
// keeping those recordings. The real CLI on tiny notes whose blocks need nothing (no Docker).
import assert from 'node:assert/strict';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pendingPath, readPending } from '../../../scripts/lib/judge/pending-recording.ts';
import { planNote, planUpTo } from '../../../scripts/lib/run/plan.ts';
import { parseOptions } from '../../../scripts/lib/cli/options.ts';
import { parseRecording } from '../../../src/lib/store/parse-recording.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';
import { fixtureProject } from '../../support/project.ts';

const exists = (path: string) => access(path).then(() => true, () => false);

/**
 * Three blocks: `first` logs each time it runs (to count replays) and prints a word the test
 * changes from outside the note (its source, so its hash, stays the same); `last` prints the
 * state `first` left in the session and fails while a flag file exists.
 */
const note = (root: string, second = 'echo second') =>
  [fence('run id=first', `echo run >> ${root}/replays; cat ${root}/word | tee state`), fence('run id=second', second), fence('run id=last', `cat state; test ! -e ${root}/broken`)].join('\n\n');

describe('--update --from: resume a recording at the block that failed', () => {
  let project: Awaited<ReturnType<typeof fixtureProject>>;
  const file = (name: string) => join(project.root, name);
  const replays = async () => (await readFile(file('replays'), 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
  const recorded = async () => JSON.parse(await project.recording('n')).blocks;
  before(async () => {
    project = await fixtureProject({});
    await project.write('n', note(project.root));
  });
  after(() => project.dispose());

  it('a failed --update keeps the reproduced blocks before the failure as a pending recording, and says how to resume', async () => {
    await writeFile(file('word'), 'alpha\n');
    await writeFile(file('broken'), '');
    const update = await project.run('--update');
    assert.equal(update.code, 1, update.stderr);
    assert.match(update.stderr, /kept the 2 block\(s\) before last that passed and reproduced in 2 runs as a pending recording \(.*n\.json\.partial/);
    assert.match(update.stderr, /hint: fix the block, then resume there: `npm run verify-notes -- --update --note n --from last`/);
    assert.equal(await replays(), 2, 'run 2 repeated the blocks before the failure (to reproduce them)');
    assert.equal(await exists(project.recordingPath('n')), false, 'no recording is written');
    const pending = JSON.parse(await readFile(pendingPath('n', project.root), 'utf8'));
    assert.equal(pending.resumeAt, 'last');
    assert.deepEqual(Object.keys(pending.recording.blocks).sort(), ['first', 'second']);
    assert.equal(pending.recording.blocks.first.transcript, 'alpha\n');
    assert.equal(pending.recording.blocks.first.runs, 2);
  });

  it('nothing takes the pending recording for a recording: verify and --static still find none', async () => {
    for (const args of [['--static'], []]) {
      const run = await project.run(...args);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /first unrecorded.*: no recorded output/);
    }
    assert.ok(await exists(pendingPath('n', project.root)), 'and leave it where it is');
  });

  it('after the fix, --from records the failed block and every one after it, and keeps the pending blocks before it', async () => {
    const replayed = await replays();
    await writeFile(file('word'), 'beta\n');
    await rm(file('broken'));
    const resumed = await project.run('--update', '--note', 'n', '--from', 'last');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /resuming at last: the 2 block\(s\) before it run unchecked, and their recordings are kept \(2 from the pending recording of /);
    assert.equal(await replays(), replayed + 2, 'the blocks before it ran (unchecked) in each of the two runs');
    const blocks = await recorded();
    assert.equal(blocks.first.transcript, 'alpha\n', 'first is the pending recording, not re-recorded (its run now prints beta)');
    assert.equal(blocks.last.transcript, 'beta\n', 'last ran after first in the same session');
    assert.equal(blocks.last.runs, 2);
    assert.equal(await exists(pendingPath('n', project.root)), false, 'the pending recording is complete: removed');
    const check = await project.run('--static');
    assert.equal(check.code, 0, check.stderr);
  });

  it('a block before --from edited since the pending recording refuses, naming it as where to resume', async () => {
    await writeFile(file('broken'), '');
    assert.equal((await project.run('--update')).code, 1);
    await rm(file('broken'));
    await project.write('n', note(project.root, 'echo second, edited'));
    const refused = await project.run('--update', '--note', 'n', '--from', 'last');
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /--from last: content\/notes\/n\.mdx:9 second runs before it, and its recording in the pending recording of .* cannot be kept: since it was recorded, the block itself changed/);
    assert.match(refused.stderr, /hint: resume from that block instead .*`npm run verify-notes -- --update --note n --from second`/);
    const resumed = await project.run('--update', '--note', 'n', '--from', 'second');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((await recorded()).second.transcript, 'second, edited\n');
    assert.equal((await recorded()).first.transcript, 'beta\n', 'first comes from the pending recording of this attempt');
  });

  it('without a pending recording, --from keeps the note\'s own current recordings, and refuses a stale one', async () => {
    await writeFile(file('word'), 'gamma\n');
    const resumed = await project.run('--update', '--note', 'n', '--from', 'last');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /\(2 from content\/outputs\/n\.json\)/);
    assert.equal((await recorded()).first.transcript, 'beta\n');
    assert.equal((await recorded()).last.transcript, 'gamma\n');
    await project.write('n', note(project.root, 'echo second, again'));
    const refused = await project.run('--update', '--note', 'n', '--from', 'last');
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /its recording in content\/outputs\/n\.json cannot be kept/);
  });

  it('a pending recording none of whose blocks matches the note any more is dropped with a notice', async () => {
    await project.write('n', note(project.root));
    await writeFile(file('broken'), '');
    assert.equal((await project.run('--update')).code, 1);
    await rm(file('broken'));
    await project.write('n', note(project.root).replace('echo run >>', 'echo again >>'));
    const run = await project.run('--update', '--note', 'n', '--from', 'last');
    assert.match(run.stderr, /the pending recording of .* no longer matches the note \(none of its blocks is current\): dropped/);
    assert.equal(run.code, 2, 'and the note\'s own recording of first is stale too');
    assert.match(run.stderr, /hint: re-record the whole note: `npm run verify-notes -- --update --note n`/);
    assert.equal(await exists(pendingPath('n', project.root)), false);
  });

  it('a pending file that is no pending recording (cut short, another note\'s) is dropped with the reason', async () => {
    await writeFile(pendingPath('n', project.root), '{"format": "kubia-notes pending');
    assert.match((await readPending('n', 'content/notes/n.mdx', project.root)).dropped ?? '', /n\.json\.partial: not valid JSON: dropped/);
    assert.equal(await exists(pendingPath('n', project.root)), false);
  });

  it('the site\'s reader of recordings never reads it (it globs *.json)', async () => {
    const reader = await readFile(new URL('../../../src/lib/store/site-recordings.ts', import.meta.url), 'utf8');
    assert.match(reader, /import\.meta\.glob<string>\('\/content\/outputs\/\*\.json'/);
    assert.doesNotMatch(pendingPath('n'), /\.json$/);
    assert.match(await readFile(new URL('../../../.gitignore', import.meta.url), 'utf8'), /^content\/outputs\/\*\.json\.partial$/m);
    assert.throws(() => parseRecording('{"format": "kubia-notes pending recording 1"}', 'x.json', 'n'));
  });
});

describe('--from: usage errors', () => {
  let project: Awaited<ReturnType<typeof fixtureProject>>;
  before(async () => {
    project = await fixtureProject({ a: [fence('run id=get-pods', 'echo 1'), fence('run id=get-nodes', 'echo 2'), fence('file=x.txt', 'x', 'text'), fence('run id=clean cleanup', 'true')].join('\n\n'), b: fence('run id=get-pods', 'echo 3') });
  });
  after(() => project.dispose());

  it('only with --update, never with --block, --needs, --changed or --shard', () => {
    assert.throws(() => parseOptions(['--from', 'x']), /--from x resumes a recording: it only applies to --update/);
    for (const extra of [['--block', 'y'], ['--needs', 'docker'], ['--changed'], ['--shard', '1/2']]) assert.throws(() => parseOptions(['--update', '--from', 'x', ...extra]), new RegExp(`cannot be combined with ${extra[0]}`));
    assert.equal(parseOptions(['--update', '--from', 'x']).from, 'x');
  });

  it('several notes: names the notes that have the block', async () => {
    const run = await project.run('--update', '--from', 'get-pods');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--from get-pods resumes one note, and this run takes 2 \(a, b\)\n {2}hint: name it: --note a --from get-pods \(notes with a block get-pods: a, b\)/);
  });

  it('an unknown id: the note\'s file:line and the nearest ids; a file or cleanup block is no place to resume', async () => {
    const run = await project.run('--update', '--note', 'a', '--from', 'get-pod');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--from get-pod: content\/notes\/a\.mdx:1 has no run block with this id\n {2}hint: nearest ids: get-pods \(content\/notes\/a\.mdx:5\), get-nodes \(content\/notes\/a\.mdx:9\); `npm run verify-notes -- --list --note a` lists them all/);
    const cleanup = await project.run('--update', '--note', 'a', '--from', 'clean');
    assert.match(cleanup.stderr, /--from clean: content\/notes\/a\.mdx:17 is a cleanup block: a recording resumes at a run block/);
  });
});

describe('planNote --from / planUpTo', () => {
  const blocks = noteBlocks(fence('run id=a', 'echo a'), fence('file=f.txt', 'f', 'text'), fence('run id=b', 'echo b'), fence('run id=c', 'echo c'), fence('run id=z cleanup', 'true'));
  const roles = (plan: ReturnType<typeof planNote>) => Object.fromEntries(plan.steps.map(({ block, role }) => [block.key, role.kind]));

  it('--from runs the blocks before it unchecked and checks the rest, a whole run (cleanup compared)', () => {
    const plan = planNote(blocks, { blocks: [], from: 'b' });
    assert.deepEqual(roles(plan), { a: 'prerequisite', 'file:f.txt': 'prerequisite', b: 'check', c: 'check', z: 'check' });
    assert.equal(plan.full, true);
  });

  it('a later run of a failed attempt checks only what came before the failure', () => {
    const plan = planUpTo(planNote(blocks, { blocks: [] }), 'c');
    assert.deepEqual(roles(plan), { a: 'check', 'file:f.txt': 'prerequisite', b: 'check', c: 'skip', z: 'prerequisite' });
    assert.equal(plan.full, false);
  });
});
