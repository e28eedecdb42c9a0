import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Root } from 'mdast';
import { parse } from 'yaml';
import { BlockError } from './blocks/block-error.ts';
import { blocksOf } from './blocks/extract.ts';
import { parseMdx } from './blocks/parse-note.ts';
import { brokenLinkProblems, anchorsOf, type SitePages } from './note-links.ts';
import { keptLineProblems } from './originals/kept-lines.ts';
import { ORIGINAL_NAME, ORIGINALS_DIR, originalForm } from './originals/original-file.ts';

/**
 * What a note's text promises beyond its blocks, checked against the files: it keeps every
 * line of the student's original (kept-lines.ts), and its images and links lead somewhere
 * (note-links.ts). The site build (validateNotes) and `verify-notes --static` both ask this,
 * after the block model: a note the block model cannot read is its to report, not ours.
 */

const NOTES_DIR = 'content/notes';
/** Pages of the site besides the notes' (src/pages/). */
const SITE_PAGES = ['/', '/changes/', '/404.html', '/rss.xml', '/robots.txt', '/sitemap-index.xml'];
/** Enough for any public/ folder a notes site has; a walk never runs away on a huge one. */
const MAX_PUBLIC_FILES = 2000;

interface ReadNote {
  id: string;
  source: string;
  tree: Root;
  original?: { name: string; line: number };
}

/** `original:` of the front matter and the line it stands on (the line an error about it names). */
function originalOf(tree: Root): ReadNote['original'] {
  const frontmatter = tree.children.find((node) => node.type === 'yaml');
  if (!frontmatter || frontmatter.type !== 'yaml') return undefined;
  let name: unknown;
  try {
    name = (parse(frontmatter.value) as { original?: unknown } | null)?.original;
  } catch {
    return undefined;
  }
  if (typeof name !== 'string' || !name) return undefined;
  const offset = frontmatter.value.split('\n').findIndex((line) => /^original\s*:/.test(line));
  return { name, line: (frontmatter.position?.start.line ?? 1) + offset + 1 };
}

async function publicFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const folders = [''];
  while (folders.length && files.length < MAX_PUBLIC_FILES) {
    const folder = folders.pop() as string;
    const entries = await readdir(join(root, 'public', folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) (entry.isDirectory() ? folders : files).push(`${folder}/${entry.name}`);
  }
  return files;
}

/** Every page a link may reach, with the anchors of each note page whose blocks the model reads. */
async function sitePages(root: string, notes: readonly ReadNote[]): Promise<SitePages> {
  const paths = new Set([...SITE_PAGES, ...(await publicFiles(root))]);
  const anchors = new Map<string, Set<string>>();
  for (const note of notes) {
    const page = `/notes/${note.id}/`;
    paths.add(page);
    if (note.original) paths.add(`${page}original/`);
    try {
      anchors.set(page, anchorsOf(note.tree, blocksOf(note.tree, note.source).map((block) => block.key)));
    } catch (error) {
      // Its blocks are the block model's to report; its anchors are then not checked.
      if (!(error instanceof BlockError)) throw error;
    }
  }
  return { paths, anchors };
}

async function readNotes(root: string): Promise<ReadNote[]> {
  const names = (await readdir(join(root, NOTES_DIR))).filter((name) => name.endsWith('.mdx')).sort();
  const notes: ReadNote[] = [];
  for (const name of names) {
    const source = join(NOTES_DIR, name);
    try {
      const tree = parseMdx(await readFile(join(root, source), 'utf8'), source);
      const original = originalOf(tree);
      notes.push({ id: basename(name, '.mdx'), source, tree, ...(original ? { original } : {}) });
    } catch (error) {
      if (!(error instanceof BlockError)) throw error;
    }
  }
  return notes;
}

async function originalProblems(root: string, note: ReadNote): Promise<BlockError[]> {
  if (!note.original) return [];
  const { name, line } = note.original;
  if (!ORIGINAL_NAME.test(name)) {
    return [new BlockError(note.source, line, `original: "${name}" is not a text file in ${ORIGINALS_DIR}/`, `name a file in ${ORIGINALS_DIR}/ ending in .txt, .md or .markdown, e.g. original: week-02.txt`)];
  }
  const originalSource = `${ORIGINALS_DIR}/${name}`;
  let originalText: string;
  try {
    originalText = await readFile(join(root, originalSource), 'utf8');
  } catch {
    return [new BlockError(note.source, line, `original: ${originalSource} does not exist`, `put the student's notes there unchanged, or fix the name (the files there: \`ls ${ORIGINALS_DIR}\`)`)];
  }
  return keptLineProblems({ originalSource, originalText, form: originalForm(name), noteSource: note.source, tree: note.tree });
}

/**
 * The problems of the notes named in `only` (every note when left out), each at its
 * file:line: a lost line at its line of the original, a broken image or link at its line of
 * the note. Links are checked against every note of the site, chosen or not.
 */
export async function noteContentProblems(root: string, only?: readonly string[]): Promise<BlockError[]> {
  const notes = await readNotes(root);
  const pages = await sitePages(root, notes);
  const problems: BlockError[] = [];
  for (const note of notes) {
    if (only && !only.includes(note.id)) continue;
    problems.push(...(await originalProblems(root, note)));
    problems.push(...brokenLinkProblems(note.tree, root, note.source, `/notes/${note.id}/`, pages));
  }
  return problems;
}
