// `npm run new-note`: an original brought in as it is. The original is copied verbatim to
// content/originals/, a first content/notes/week-NN.mdx is made from it (from-text.ts,
// from-markdown.ts), then read back as the build and `--static` read it (the block model,
// the kept-lines check, links), and what the author must still decide is listed.
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BlockError } from '../../../src/lib/blocks/block-error.ts';
import { blocksOf } from '../../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../../src/lib/blocks/parse-note.ts';
import { noteContentProblems } from '../../../src/lib/note-content-problems.ts';
import { ORIGINAL_NAME, ORIGINALS_DIR, originalForm } from '../../../src/lib/originals/original-file.ts';
import type { Block } from '../../../src/lib/blocks/block.ts';
import type { Converted } from './converted.ts';
import { fromMarkdown } from './from-markdown.ts';
import { fromText } from './from-text.ts';

export interface NewNoteOptions {
  root: string;
  input: string;
  week: number;
  /** --files DIR: manifests and Dockerfiles the note's commands name. */
  filesDir?: string;
}

export interface NewNoteResult {
  note: string;
  notePath: string;
  originalPath: string;
  blocks: Block[];
  /** What `--static` would say about the new note: block errors, lost lines, broken links. */
  problems: BlockError[];
  checklist: string[];
  commands: number;
}

/** Every file of DIR (not its folders), by name; bounded, as a files folder is small. */
async function filesOf(dir: string | undefined): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  if (!dir) return files;
  for (const entry of (await readdir(dir, { withFileTypes: true })).slice(0, 500)) {
    if (entry.isFile()) files.set(entry.name, await readFile(join(dir, entry.name), 'utf8'));
  }
  return files;
}

const frontMatter = (week: number, original: string, converted: Converted) =>
  [
    '---',
    `title: "${week}주차"`,
    `week: ${week}`,
    'chapter: 1',
    'chapterTitle: "장 제목"',
    `citedPages: [${converted.pages.join(', ')}]`,
    'summary: "이 노트의 한 문장 요약"',
    'tags: []',
    ...(converted.aliases && Object.keys(converted.aliases).length ? [`aliases: ${JSON.stringify(converted.aliases)}`] : []),
    `original: ${original}`,
    '---',
    '',
  ].join('\n');

export async function newNote(options: NewNoteOptions): Promise<NewNoteResult> {
  const original = basename(options.input);
  if (!ORIGINAL_NAME.test(original)) throw new BlockError(options.input, 1, 'the original needs a name of letters, digits, . _ - ending in .txt or .md', 'copy it under such a name, e.g. week-03.md');
  const note = `week-${String(options.week).padStart(2, '0')}`;
  const source = join('content/notes', `${note}.mdx`);
  const notePath = join(options.root, source);
  const originalPath = join(options.root, ORIGINALS_DIR, original);
  for (const path of [notePath, originalPath]) {
    if (await stat(path).then(() => true, () => false)) throw new BlockError(path, 1, 'already exists: new-note never overwrites a note or an original', `choose another --week, or move ${path} away first`);
  }
  const text = await readFile(options.input, 'utf8');
  const converted = originalForm(original) === 'markdown' ? fromMarkdown(text, await filesOf(options.filesDir)) : fromText(text);
  await mkdir(join(options.root, ORIGINALS_DIR), { recursive: true });
  await mkdir(join(options.root, 'content/notes'), { recursive: true });
  await copyFile(options.input, originalPath);
  const mdx = `${frontMatter(options.week, original, converted)}\n${converted.body.replace(/\n*$/, '\n')}`;
  await writeFile(notePath, mdx);
  const problems: BlockError[] = [];
  let blocks: Block[] = [];
  try {
    blocks = blocksOf(parseMdx(mdx, source), source);
  } catch (error) {
    if (!(error instanceof BlockError)) throw error;
    problems.push(...error.errors);
  }
  problems.push(...(await noteContentProblems(options.root, [note])));
  const checklist = [
    `${source}: 프런트매터의 title, chapter, chapterTitle, summary, tags를 채우세요`,
    ...converted.checklist,
    `기록: npm run verify-notes -- --update --note ${note} (실패한 블록을 고친 뒤에는 --from ID로 이어서)`,
  ];
  return { note, notePath, originalPath, blocks, problems, checklist, commands: converted.commands };
}
