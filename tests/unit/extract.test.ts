import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockError } from '../../src/lib/blocks/block-error.ts';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';

const note = (body: string) => `---\ntitle: t\n---\n\n# 제목\n\n${body}\n`;

function blocks(body: string) {
  return blocksOf(parseMdx(note(body), 'content/notes/x.mdx'), 'content/notes/x.mdx');
}

describe('blocksOf', () => {
  it('returns run and file blocks in order with their fence lines', () => {
    const found = blocks(
      ['```js file=app.js', 'console.log(1)', '```', '', '```sh', 'echo plain', '```', '', '```sh run id=hello needs=docker', 'docker run busybox echo "Hello world"', '```'].join('\n'),
    );
    assert.deepEqual(
      found.map((b) => [b.key, b.kind, b.line]),
      [
        ['file:app.js', 'file', 7],
        ['hello', 'run', 15],
      ],
    );
    assert.equal(found[1]?.code, 'docker run busybox echo "Hello world"');
    assert.match(found[1]?.hash ?? '', /^[0-9a-f]{64}$/);
  });

  it('reads blocks inside JSX annotations too', () => {
    const found = blocks(['<Answer>', '', '```sh run id=inside', 'echo hi', '```', '', '</Answer>'].join('\n'));
    assert.deepEqual(found.map((b) => b.key), ['inside']);
  });

  it('changes the hash when the command changes, not when only the title does', () => {
    const [a] = blocks('```sh run id=a\necho 1\n```');
    const [b] = blocks('```sh run id=a title="x"\necho 1\n```');
    const [c] = blocks('```sh run id=a\necho 2\n```');
    assert.equal(a?.hash, b?.hash);
    assert.notEqual(a?.hash, c?.hash);
  });

  it('reports bad meta at file:line with a hint', () => {
    assert.throws(
      () => blocks('text\n\n```sh run id=a neds=docker\necho\n```'),
      (error: unknown) => error instanceof BlockError && error.message === 'content/notes/x.mdx:9: unknown key "neds" in block meta' && /valid keys/.test(error.hint),
    );
  });

  it('reports a duplicate id with both lines', () => {
    assert.throws(
      () => blocks('```sh run id=a\necho\n```\n\n```sh run id=a\necho\n```'),
      (error: unknown) => error instanceof BlockError && /:11: duplicate block id "a" \(first used at line 7\)/.test(error.message),
    );
  });

  it('refuses to run a block that is not shell', () => {
    assert.throws(() => blocks('```js run id=a\n1\n```'), /a run block must be a shell block, not "js"/);
  });

  it('reports invalid MDX with its line', () => {
    assert.throws(() => parseMdx('# a\n\n<요청 핸들러는>\n', 'n.mdx'), (error: unknown) => error instanceof BlockError && /^n\.mdx:3:/.test(error.message));
  });
});
