// Transcript blocks run with real bash, command by command in one shell: each command's own
// output and status recorded, a failing command stops the block as `set -e` would, the pasted
// lines never run; and through the real CLI (no Docker) a transcript records and verifies.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runBlock } from '../../../scripts/lib/run/block-run.ts';
import { markedScript, splitMarked } from '../../../scripts/lib/run/command-marks.ts';
import { noteRecordingSchema } from '../../../src/lib/store/schema.ts';
import { joinedOutput } from '../../../src/lib/store/command-outputs.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';
import { fixtureProject } from '../../support/project.ts';

describe('a transcript block run command by command', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kn-transcript-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const run = (meta: string, code: string) => {
    const [block] = noteBlocks(fence(`run ${meta}`, code));
    assert.ok(block?.transcript, 'a transcript block');
    return runBlock(block, { cwd: dir, env: process.env, scriptDir: dir });
  };

  it('keeps each command\'s output and status; the shell carries on from command to command', async () => {
    const result = await run('id=t', "$ x=1; cd /\n$ printf 'no newline'\n$ echo \"$x $PWD\" >&2\n$ ! true\n$ yes | head -1");
    assert.equal(result.exitCode, 0);
    assert.deepEqual(
      result.commands?.map((c) => [c.transcript, c.exitCode]),
      [
        ['', 0],
        ['no newline', 0],
        ['1 /\n', 0],
        ['', 1],
        ['y\n', 0],
      ],
      'stderr in its place, a status that stops nothing kept, a reader that stopped early no failure',
    );
    assert.equal(result.transcript, joinedOutput(result.commands ?? [], 'transcript'));
    assert.match(result.transcript, /^\$ printf 'no newline'\nno newline\n\$ echo/m);
  });

  it('a failing command ends the block there, with its own status; the pasted lines never run', async () => {
    const result = await run('id=t expect=fail', '$ echo a\ntouch pasted-was-run\n$ ls /nonexistent\nls: cannot access\n$ echo not reached\nnot reached');
    assert.equal(result.exitCode, 2);
    assert.deepEqual(result.commands?.map((c) => [c.command, c.exitCode]), [['echo a', 0], ['ls /nonexistent', 2]]);
    assert.match(result.commands?.[1]?.transcript ?? '', /No such file/);
    assert.equal(existsSync(join(dir, 'pasted-was-run')), false, 'a pasted line is never executed');
  });

  it('continuation lines and here-documents run as one command each', async () => {
    const result = await run('id=t', "$ cat <<'EOF' > a.txt\n> one\n> EOF\n$ cat a.txt \\\n>   | tr o O\nOne");
    assert.deepEqual(result.commands?.map((c) => c.transcript), ['', 'One\n']);
  });

  it('each output is normalised on its own', async () => {
    const result = await run('id=t', '$ date -u +%Y-%m-%dT%H:%M:%SZ\n$ echo plain');
    assert.equal(result.commands?.[1]?.normalized, 'plain\n');
    assert.notEqual(result.commands?.[0]?.normalized, result.commands?.[0]?.transcript, 'the timestamp is normalised');
  });

  it('nothing a command prints can forge a mark: the nonce is the runner\'s', () => {
    const split = splitMarked('a\n\x1ekn:0000:1:0\x1e\nb\n', 'abcd', 2, 0);
    assert.deepEqual(split.outputs, ['a\n\x1ekn:0000:1:0\x1e\nb\n']);
    assert.match(markedScript(['echo a', 'echo b'], 'abcd'), /^__kn_mark abcd 0; echo a\n__kn_mark abcd 1; echo b\n__kn_mark abcd end$/);
  });
});

describe('a transcript block through the real CLI (no Docker)', () => {
  const body = `# 노트\n\n${fence('run id=tr', "$ echo a\na\n$ printf 'b\\n'\nx")}`;

  it('records each command, verifies twice, and keeps a recording without commands valid', async () => {
    const project = await fixtureProject({ 'week-09': body });
    try {
      const recorded = await project.run('--update', '--note', 'week-09');
      assert.equal(recorded.code, 0, recorded.stderr);
      const recording = noteRecordingSchema.parse(JSON.parse(await project.recording('week-09')));
      const block = recording.blocks.tr;
      assert.equal(block?.kind, 'run');
      if (block?.kind !== 'run') return;
      assert.deepEqual(block.commands?.map((c) => [c.command, c.transcript, c.exitCode]), [['echo a', 'a\n', 0], ["printf 'b\\n'", 'b\n', 0]], 'what ran, never the pasted x');
      assert.equal(block.transcript, "$ echo a\na\n$ printf 'b\\n'\nb\n");
      for (let i = 0; i < 2; i++) {
        const verified = await project.run('--note', 'week-09');
        assert.equal(verified.code, 0, verified.stderr);
      }
      // A hand edit of one command's output is seen: the joined texts are no longer made of the commands.
      const edited = { ...recording, blocks: { tr: { ...block, commands: block.commands?.map((c, i) => (i === 1 ? { ...c, transcript: 'x\n', normalized: 'x\n' } : c)) } } };
      await writeFile(project.recordingPath('week-09'), JSON.stringify(edited));
      assert.match((await project.run('--static', '--note', 'week-09')).stderr, /not what the normalisers make/);
      // Round trip: the schema reads it back as written, and a plain block's recording has no commands.
      assert.deepEqual(noteRecordingSchema.parse(JSON.parse(JSON.stringify(recording))), recording);
      const { commands: _commands, ...plain } = block;
      assert.equal(noteRecordingSchema.safeParse({ ...recording, blocks: { tr: plain } }).success, true);
    } finally {
      await project.dispose();
    }
  });
});
