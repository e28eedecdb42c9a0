// Transcript blocks: a run block written as a terminal shows it. The block model reads the
// prompts' commands (with their continuation and here-document lines) and keeps what was
// pasted after each; only the commands run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockError } from '../../src/lib/blocks/block-error.ts';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import { PROMPTS } from '../../src/lib/blocks/prompts.ts';
import { isTranscript, noteLineOf, parseTranscript } from '../../src/lib/blocks/transcript.ts';

const note = (meta: string, code: string) => `# 노트\n\n\`\`\`sh run ${meta}\n${code}\n\`\`\`\n`;
const blockOf = (meta: string, code: string) => {
  const [block] = blocksOf(parseMdx(note(meta, code), 'n.mdx'), 'n.mdx');
  assert.ok(block);
  return block;
};

describe('transcript blocks: reading a pasted terminal', () => {
  it('is a transcript when its first non-blank line starts with a prompt of the one list', () => {
    for (const prompt of PROMPTS) assert.equal(isTranscript(`\n  ${prompt}kubectl get po\nNAME`), true, prompt);
    assert.equal(isTranscript('kubectl get po\n$ kubectl get po'), false);
    assert.equal(isTranscript('# $ kubectl get po'), false);
    assert.equal(isTranscript('$ '), false, 'a prompt with no command is no command');
  });

  it('each command with the lines pasted after it, up to the next prompt, each at its note line', () => {
    const commands = parseTranscript('$ echo a\na\n\nbash> printf "b\\n"\nx\n❯ true\n', 3);
    assert.deepEqual(commands, [
      { prompt: '$ ', command: 'echo a', pasted: 'a', line: 4 },
      { prompt: 'bash> ', command: 'printf "b\\n"', pasted: 'x', line: 7 },
      { prompt: '❯ ', command: 'true', pasted: '', line: 9 },
    ]);
  });

  it('`\\` and `> ` continuation lines belong to the command', () => {
    const [first, second] = parseTranscript('$ kubectl run kubia \\\n>   --image=luksa/kubia \\\n    --port=8080\npod/kubia created\n$ echo "one\n> two"\none\ntwo', 0);
    assert.equal(first?.command, 'kubectl run kubia \\\n  --image=luksa/kubia \\\n    --port=8080');
    assert.equal(first?.pasted, 'pod/kubia created');
    assert.equal(second?.command, 'echo "one\ntwo"');
    assert.equal(second?.pasted, 'one\ntwo');
  });

  it('a here-document runs to its delimiter, with or without the terminal\'s `> `', () => {
    const [typed, pasted] = parseTranscript("$ cat <<'EOF' > a.txt\nhello\n$ not a prompt here\nEOF\n$ cat <<-END\n> \tone\n> \tEND\n$ cat a.txt\nhello", 0);
    assert.equal(typed?.command, "cat <<'EOF' > a.txt\nhello\n$ not a prompt here\nEOF");
    assert.equal(typed?.pasted, '');
    assert.equal(pasted?.command, 'cat <<-END\n\tone\n\tEND');
  });

  it('a transcript block runs its commands only: a pasted line is never code', () => {
    const block = blockOf('id=t', '$ echo a\ntouch pasted-was-run\n$ printf \'b\\n\'\nx');
    assert.equal(block.code, "echo a\nprintf 'b\\n'");
    assert.deepEqual(
      block.transcript?.map((c) => [c.command, c.pasted, c.line]),
      [
        ['echo a', 'touch pasted-was-run', 4],
        ["printf 'b\\n'", 'x', 6],
      ],
    );
    assert.equal(noteLineOf(block, 1), 6, 'the code\'s second line is the note\'s line 6');
  });

  it('its hash follows the commands, not what was pasted, and differs from the same code without prompts', () => {
    const a = blockOf('id=t', '$ echo a\na');
    assert.equal(blockOf('id=t', '$ echo a\nsomething else').hash, a.hash);
    assert.notEqual(blockOf('id=t', 'echo a').hash, a.hash);
    assert.notEqual(blockOf('id=t', '$ echo a\n$ true').hash, blockOf('id=t', '$ echo a; true').hash);
  });

  it('ids, needs and the checks of what it runs read the commands, at their note lines', () => {
    const block = blockOf('', 'bash> kubectl get po\nNo resources found in default namespace.');
    assert.equal(block.key, 'kubectl-get');
    assert.deepEqual(block.meta.needs, ['kind']);
    assert.throws(
      () => blockOf('id=t', '$ echo ok\nok\n$ kubectl get po -w\nNAME'),
      (error: unknown) => error instanceof BlockError && error.errors[0]?.line === 6 && /never ends by itself/.test(error.errors[0]?.problem ?? ''),
    );
  });

  it('a prompt on a later line of a block that is no transcript is still refused', () => {
    assert.throws(() => blockOf('id=t', 'echo ok\n$ echo no'), /starts with a shell prompt/);
  });

  it('a transcript cannot be a background block', () => {
    assert.throws(() => blockOf('id=t background ready=/x/', '$ echo x'), /cannot be a background block/);
  });
});
