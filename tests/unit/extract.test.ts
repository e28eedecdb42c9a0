import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockError } from '../../src/lib/blocks/block-error.ts';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { NoteErrors } from '../../src/lib/blocks/note-errors.ts';
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
      (error: unknown) => error instanceof BlockError && error.message === 'content/notes/x.mdx:9: unknown key "neds" in block meta' && /did you mean `needs`\? valid keys/.test(error.hint),
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

describe('blocksOf, Expressive Code options on our blocks', () => {
  it('keeps them in meta.presentation and out of the hash', () => {
    const [plain] = blocks('```sh run id=a\necho 1\n```');
    const [dressed] = blocks('```sh run id=a title="npm run dev" {1} ins=/echo/ "1" frame="terminal"\necho 1\n```');
    assert.equal(dressed?.meta.presentation, 'title="npm run dev" {1} ins=/echo/ "1" frame="terminal"');
    assert.equal(dressed?.hash, plain?.hash);
  });

  it('leaves fences of other sites alone, even when their text says run', () => {
    const found = blocks(['```js "npm run dev"', 'x', '```', '', "```js title='npm run dev'", 'x', '```', '', '```sh {2-4} ins={1}', 'x', '```'].join('\n'));
    assert.deepEqual(found, []);
  });
});

describe('blocksOf, every problem of a note at once', () => {
  const threeBad = ['```sh run id=a neds=docker', 'echo', '```', '', '```sh run id=b normalize=sise', 'echo', '```', '', '```js run id=c', '1', '```'].join('\n');

  it('throws one NoteErrors, a BlockError standing at the first problem, listing all', () => {
    assert.throws(
      () => blocks(threeBad),
      (error: unknown) => {
        assert.ok(error instanceof NoteErrors);
        assert.ok(error instanceof BlockError, 'callers that catch BlockError keep working');
        assert.equal(error.source, 'content/notes/x.mdx');
        assert.equal(error.line, 7);
        assert.deepEqual(
          error.errors.map((e) => e.message),
          ['content/notes/x.mdx:7: unknown key "neds" in block meta', 'content/notes/x.mdx:11: unknown normaliser "sise" in normalize=', 'content/notes/x.mdx:15: a run block must be a shell block, not "js"'],
        );
        return true;
      },
    );
  });

  it('prints each problem as file:line with its hint line', () => {
    assert.throws(
      () => blocks(threeBad),
      (error: unknown) => {
        assert.ok(error instanceof NoteErrors);
        const lines = error.describe().split('\n');
        assert.equal(lines.length, 6);
        assert.equal(lines[0], 'content/notes/x.mdx:7: unknown key "neds" in block meta');
        assert.match(lines[1] ?? '', /^  hint: did you mean `needs`\?/);
        assert.equal(lines[2], 'content/notes/x.mdx:11: unknown normaliser "sise" in normalize=');
        assert.match(lines[3] ?? '', /^  hint: did you mean `size`\? valid names: /);
        assert.equal(lines[4], 'content/notes/x.mdx:15: a run block must be a shell block, not "js"');
        assert.match(lines[5] ?? '', /^  hint: fence it as/);
        assert.equal(error.message, error.describe());
        return true;
      },
    );
  });

  it('throws a lone problem as the BlockError it is', () => {
    assert.throws(
      () => blocks('```sh run id=a\necho\n```\n\n```sh run id=a\necho\n```'),
      (error: unknown) => error instanceof BlockError && !(error instanceof NoteErrors) && error.errors.length === 1 && error.errors[0] === error,
    );
  });

  it('still returns the blocks of a note without problems', () => {
    assert.equal(blocks('```sh run id=a\necho\n```').length, 1);
  });
});

describe('parseMdx, syntax errors at their real line', () => {
  // Lines 1-9: front matter, heading, prose; line 10 is the broken one.
  const broken = (line10: string) => ['---', 'title: t', '---', '', '# 제목', '', '본문', '', '더 많은 본문', line10, '', '마지막 줄', ''].join('\n');
  const lineOf = (text: string) => {
    try {
      parseMdx(text, 'content/notes/x.mdx');
    } catch (error) {
      assert.ok(error instanceof BlockError, String(error));
      return { line: error.line, text: error.describe() };
    }
    assert.fail('the note parsed');
  };

  it('a tag left open (`<Answer`) at line 10, though the parser stops at the end of the file', () => {
    const { line, text } = lineOf(broken('<Answer'));
    assert.equal(line, 10);
    assert.match(text, /^content\/notes\/x\.mdx:10: the note is not valid MDX: the tag or expression that starts on this line is not closed \(Unexpected end of file .* at 13:1\)\n/);
    assert.match(text, /\n  hint: finish the tag with `>`/);
  });

  it('an unclosed `{` at line 10, past legit expressions and multi-line tags before and after it', () => {
    assert.equal(lineOf(broken('{ 열린 중괄호')).line, 10);
    const around = ['---', 'title: t', '---', '', '{1 + 1}', '', '<Note', '  kind="x"', '>', '', '{ 열린 중괄호', '', '{2 + 2}', '', '<Note', '  kind="y"', '>', '', '</Note>', ''];
    assert.equal(lineOf(around.join('\n')).line, 11);
  });

  it('an element never closed (`<Answer>`) at line 10', () => {
    const { line, text } = lineOf(broken('<Answer>'));
    assert.equal(line, 10);
    assert.match(text, /Expected a closing tag for `<Answer>`/);
    assert.match(text, /hint: close every tag you open/);
  });

  it('a bad attribute, bad JavaScript and an inline tag where the parser stopped', () => {
    assert.equal(lineOf(broken('<Answer 3>')).line, 10);
    assert.equal(lineOf(broken('{1 +}')).line, 10);
    assert.equal(lineOf(broken('문장 속 <b c')).line, 10);
  });

  it('an unclosed tag deep in a long note, inside other elements', () => {
    const body = Array.from({ length: 40 }, (_, i) => (i === 20 ? '<Answer' : i % 4 === 0 ? '<Note>' : i % 4 === 2 ? '</Note>' : `줄 ${i}`)).join('\n\n');
    const { line } = lineOf(`---\ntitle: t\n---\n\n${body}\n`);
    assert.equal(line, 5 + 20 * 2);
  });
});

describe('blocksOf, runaway nesting', () => {
  const nested = (depth: number) => `# 제목\n\n${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}\n`;

  it('reads a note nested a few hundred levels deep', () => {
    const text = `${'<div>\n\n'.repeat(300)}\`\`\`sh run id=deep\necho\n\`\`\`\n\n${'</div>\n\n'.repeat(300)}`;
    assert.deepEqual(blocksOf(parseMdx(text, 'n.mdx'), 'n.mdx').map((b) => b.key), ['deep']);
  });

  for (const depth of [6_000, 100_000]) {
    it(`reports ${depth} nested elements as a BlockError at a line, not a RangeError`, () => {
      assert.throws(
        () => blocksOf(parseMdx(nested(depth), 'n.mdx'), 'n.mdx'),
        (error: unknown) => error instanceof BlockError && /^n\.mdx:3: elements nest more than \d+ levels deep$/.test(error.message),
      );
    });
  }
});
