import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BlockError } from '../../src/lib/blocks/block-error.ts';
import { inlineCodeParts } from '../../src/lib/blocks/book-change.ts';
import { noteModelOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';

const SOURCE = 'content/notes/x.mdx';
// Lines: 1-3 frontmatter, 5 heading, 7 the first fence, 11 the second, 15 the third.
const note = (body: string) =>
  [
    '---',
    'title: t',
    '---',
    '',
    '# 제목',
    '',
    '```sh run id=works needs=docker',
    'docker build -t kubia .',
    '```',
    '',
    '```sh run id=book-form expect=fail',
    'kubectl run kubia --generator=run/v1',
    '```',
    '',
    '```sh run id=secret hidden',
    'echo hidden',
    '```',
    '',
    body,
    '',
  ].join('\n');
const BODY_LINE = 19;

const changesOf = (body: string) => noteModelOf(parseMdx(note(body), SOURCE), SOURCE).bookChanges.map(({ change }) => change);

function problems(body: string): string[] {
  try {
    changesOf(body);
  } catch (error) {
    assert.ok(error instanceof BlockError, String(error));
    return error.errors.map((e) => `${e.line}: ${e.problem} | ${e.hint}`);
  }
  return [];
}

describe('<BookChange>: typed attributes, checked against the note\'s blocks', () => {
  it('reads book, now, proof, bookRun and page, numbered in document order', () => {
    const changes = changesOf(
      [
        '<BookChange book="`FROM node:7`" now="`FROM node:24`" proof="works" page="76">',
        '',
        '바꿨습니다.',
        '',
        '</BookChange>',
        '',
        '<Answer>',
        '',
        '<BookChange book="`--generator`" now="YAML" proof="works" bookRun="book-form">바꿈</BookChange>',
        '',
        '</Answer>',
      ].join('\n'),
    );
    assert.deepEqual(changes, [
      { source: SOURCE, line: BODY_LINE, index: 1, book: '`FROM node:7`', now: '`FROM node:24`', proof: 'works', page: '76' },
      { source: SOURCE, line: BODY_LINE + 8, index: 2, book: '`--generator`', now: 'YAML', proof: 'works', bookRun: 'book-form' },
    ]);
  });

  it('an unknown proof id is an error at the tag\'s line, with the closest id and the list', () => {
    assert.deepEqual(problems('<BookChange book="a" now="b" proof="work">x</BookChange>'), [
      `${BODY_LINE}: <BookChange proof="work">: this note has no run block with id "work" | did you mean \`works\`? run blocks of this note: works, book-form`,
    ]);
  });

  it('refuses a hidden proof, a bookRun that is not expected to fail, and missing or unknown attributes: all at once', () => {
    const found = problems(
      [
        '<BookChange book="a" now="b" proof="secret">x</BookChange>',
        '',
        '<BookChange book="a" now="b" proof="works" bookRun="works">x</BookChange>',
        '',
        '<BookChange book="a" proof="works" nwo="b">x</BookChange>',
      ].join('\n'),
    );
    assert.equal(found.length, 4, found.join('\n'));
    assert.match(found[0] ?? '', new RegExp(`^${BODY_LINE}: <BookChange proof="secret">: block "secret" is hidden`));
    assert.match(found[1] ?? '', new RegExp(`^${BODY_LINE + 2}: <BookChange bookRun="works">: block "works" is not expected to fail`));
    assert.match(found[2] ?? '', new RegExp(`^${BODY_LINE + 4}: unknown attribute "nwo" on <BookChange> \\| did you mean \`now\`\\?`));
    assert.match(found[3] ?? '', new RegExp(`^${BODY_LINE + 4}: <BookChange> is missing now="…"`));
  });

  it('wants text in quotes, not an expression', () => {
    assert.match(problems('<BookChange book="a" now="b" proof={"works"}>x</BookChange>')[0] ?? '', /<BookChange proof=…> must be text in quotes \| write proof="…"/);
  });

  it('problems of blocks and of changes come together, in line order', () => {
    const found = problems('<BookChange book="a" now="b" proof="nope">x</BookChange>\n\n```sh run id=bad neds=docker\necho\n```');
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(found[0] ?? '', /no run block with id "nope"/);
    assert.match(found[1] ?? '', /unknown key "neds"/);
  });
});

describe('inlineCodeParts', () => {
  it('splits `code` from prose', () => {
    assert.deepEqual(inlineCodeParts('`docker build`가 `node:7`을 받음'), [
      { code: true, text: 'docker build' },
      { code: false, text: '가 ' },
      { code: true, text: 'node:7' },
      { code: false, text: '을 받음' },
    ]);
  });
});

describe('<BookChange> naming a block whose fence has its own error', () => {
  it('reports the fence, not a second "no run block" for the change', () => {
    const found = problems('<BookChange book="a" now="b" proof="bad">x</BookChange>\n\n```sh run id=bad neds=docker\necho\n```');
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0] ?? '', /unknown key "neds"/);
  });
});
