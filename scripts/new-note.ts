// `npm run new-note -- <file.md|file.txt> [--week N] [--files DIR] [--root DIR]`: brings a
// study note in as its author wrote it (scripts/lib/new-note/). Writes the original and a
// first note, reads the note back as `verify-notes --static` would, and prints what the
// author must still decide.
import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { BlockError } from '../src/lib/blocks/block-error.ts';
import { newNote } from './lib/new-note/new-note.ts';

const USAGE = 'usage: npm run new-note -- <file.md|file.txt> [--week N] [--files DIR]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { week: { type: 'string' }, files: { type: 'string' }, root: { type: 'string', default: '.' } }, allowPositionals: true });
  const [input] = positionals;
  if (!input || positionals.length > 1) {
    console.error(`${USAGE}\n  hint: name one original, e.g. npm run new-note -- ~/notes/week-03.md --week 3`);
    return 2;
  }
  // The week from --week, else from the file's name (week-03.md, 3주차.txt).
  const week = Number(values.week ?? /(\d{1,2})/.exec(basename(input))?.[1]);
  if (!Number.isInteger(week) || week < 1) {
    console.error(`${input}: no week number in its name\n  hint: say which week it is: --week 3`);
    return 2;
  }
  const result = await newNote({ root: values.root as string, input, week, ...(values.files ? { filesDir: values.files } : {}) });
  const runs = result.blocks.filter((block) => block.kind === 'run').length;
  const files = result.blocks.filter((block) => block.kind === 'file').length;
  console.log(`✓ ${result.originalPath} (원본, 그대로)\n✓ ${result.notePath}: 실행 블록 ${runs}개, 파일 블록 ${files}개 (명령 ${result.commands}개를 찾음)`);
  if (result.problems.length) {
    console.log(`\n--static 검사에서 고칠 것 ${result.problems.length}개:`);
    for (const problem of result.problems) console.log(`✗ ${problem.message}${problem.hint ? `\n  hint: ${problem.hint}` : ''}`);
  } else console.log('✓ --static 검사 통과 (블록, 원본의 모든 줄, 링크)');
  console.log('\n남은 결정:');
  for (const item of result.checklist) console.log(`- [ ] ${item}`);
  return result.problems.length ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof BlockError)) throw error;
  console.error(`✗ ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
  process.exitCode = 2;
}
