// --update runs a note twice and records only what both runs print: against the real Docker engine.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fixtureProject } from '../support/project.ts';
import { dockerUp, skipUnlessCI } from '../support/engine.ts';

if (!dockerUp && process.env.CI) throw new Error('CI without a Docker engine: run scripts/airgap/setup-docker.sh first');

const block = (meta: string, code: string) => `\`\`\`sh ${meta}\n${code}\n\`\`\``;
/** A random number no normaliser masks: every run prints another. */
const ROLL = `docker run --rm busybox sh -c 'echo "roll: $(od -An -N4 -tu4 /dev/urandom | tr -d " ")"'`;
const note = (roll: string) => [block('run id=hello needs=docker', 'docker run --rm busybox echo "Hello world"'), block('run id=roll needs=docker', roll)].join('\n\n');

describe('--update checks that a note reproduces', { skip: skipUnlessCI(!dockerUp && 'no Docker engine here') }, () => {
  it('records a stable note as reproduced; refuses a value that changes, keeping the last good recording', async () => {
    const project = await fixtureProject({ n: note(`docker run --rm busybox echo "roll: 4"`) });
    try {
      const stable = await project.run('--update');
      assert.equal(stable.code, 0, stable.stderr);
      assert.match(stable.stderr, /content\/notes\/n\.mdx: run 2 of 2, to check that every block prints the same again/);
      const recorded = await project.recording('n');
      const blocks = JSON.parse(recorded).blocks;
      assert.deepEqual([blocks.hello.runs, blocks.roll.runs], [2, 2], 'both blocks reproduced');
      assert.equal((await project.run('--static')).code, 0);

      await project.write('n', note(ROLL));
      const random = await project.run('--update');
      assert.equal(random.code, 1, random.stderr);
      assert.match(random.stderr, /✗ content\/notes\/n\.mdx:9 roll unreproduced \([\d.]+s\): not reproduced: the comparison forms of run 1 and run 2 differ\n/);
      assert.match(random.stderr, /--- content\/notes\/n\.mdx:9 \(run 1\)\n\s*\+\+\+ content\/notes\/n\.mdx:9 \(run 2\)\n.*\n\s*-roll: \d+\n\s*\+roll: \d+\n/);
      assert.match(random.stderr, /hint: values that changed between the runs: "\d+" → "\d+"\n\s*if a value is volatile .*normalize=… .*opt-in normalisers: [a-z-]+(, [a-z-]+)+/);
      assert.match(random.stderr, /✗ content\/notes\/n\.mdx: not recorded: 1 block\(s\) printed something else when run again \(roll\), so the recorded output stays as it was/);
      assert.doesNotMatch(random.stderr, /n\.mdx:\d+ hello unreproduced/, 'the stable block is not blamed');
      assert.equal(await readFile(project.recordingPath('n'), 'utf8'), recorded, 'the last good recording is untouched');

      // --repeat 1: a quick re-record, written but not reproduced; --static says so.
      const once = await project.run('--update', '--repeat', '1');
      assert.equal(once.code, 0, once.stderr);
      assert.match(once.stderr, /1 block\(s\) recorded from one run only \(roll\)/);
      assert.doesNotMatch(once.stderr, /run 2 of/);
      const single = JSON.parse(await project.recording('n')).blocks;
      assert.deepEqual([single.hello.runs, single.roll.runs], [2, 1], 'the unchanged block stays reproduced');
      const gate = await project.run('--static');
      assert.equal(gate.code, 1);
      assert.match(gate.stderr, /n\.mdx:9 roll unreproduced: recorded from a single run .*\n\s*hint: re-record it with `npm run verify-notes -- --update --note n`/);
    } finally {
      await project.dispose();
    }
  });
});
