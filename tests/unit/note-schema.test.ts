import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noteSchema } from '../../src/schemas/note.ts';

const good = {
  title: '2주차: 도커와 쿠버네티스 첫걸음',
  week: 2,
  chapter: 2,
  chapterTitle: '도커와 쿠버네티스 첫걸음',
  citedPages: [76, 86, 101],
  summary: '한 문장',
  tags: ['docker'],
  requires: ['docker', 'kind'],
  original: 'week-02.txt',
};

describe('note frontmatter schema', () => {
  it('accepts the week-2 note', () => {
    assert.equal(noteSchema.safeParse(good).success, true);
  });

  it('accepts prompts of the note\'s own', () => {
    assert.deepEqual(noteSchema.parse({ ...good, prompts: ['PS1> ', 'user@host:~$ '] }).prompts, ['PS1> ', 'user@host:~$ ']);
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ['a week that is not a number', { week: '둘' }, 'week'],
    ['an unknown capability', { requires: ['podman'] }, 'requires'],
    ['an original outside content/originals', { original: '../secret.txt' }, 'original'],
    ['an empty title', { title: '' }, 'title'],
    ['isolated that is not true or false', { isolated: 'yes' }, 'isolated'],
    ['a prompt without the space before the command', { prompts: ['PS1>'] }, 'prompts'],
    ['a prompt that is the continuation prompt', { prompts: ['> '] }, 'prompts'],
  ];
  for (const [what, change, field] of bad) {
    it(`rejects ${what}, naming the field`, () => {
      const result = noteSchema.safeParse({ ...good, ...change });
      assert.equal(result.success, false);
      assert.equal(result.error?.issues[0]?.path[0], field);
    });
  }
});
