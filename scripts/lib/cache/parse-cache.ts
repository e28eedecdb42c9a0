import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Code, Root, Yaml } from 'mdast';
import type { Block } from '../../../src/lib/blocks/block.ts';
import { blocksOf, noteModelOf, type CodeWithBlock } from '../../../src/lib/blocks/extract.ts';
import { cacheFileOf, codeFingerprint, readCached, sha256, writeCached } from './cache-files.ts';
import { userCacheDir } from './user-cache.mjs';

/** A fenced code node as the MDX parser found it: all that blocks are made of. */
interface Fence {
  lang: string | null;
  meta: string | null;
  value: string;
  line: number;
}

/** Changed when what is kept changes, so files of an older runner are never misread. */
const FORMAT = 'kubia-notes parsed fences 3';
const BLOCKS_DIR = new URL('../../../src/lib/blocks/', import.meta.url);

let fingerprint: Promise<string | undefined> | undefined;

/**
 * Everything besides the text that decides which code nodes a note parses into: our parser
 * and extraction (src/lib/blocks), the installed remark and micromark, Node's Unicode tables.
 */
function parserFingerprint(): Promise<string | undefined> {
  fingerprint ??= (async () => {
    const names = (await readdir(BLOCKS_DIR)).filter((name) => name.endsWith('.ts')).sort();
    return codeFingerprint(FORMAT, names.map((name) => new URL(name, BLOCKS_DIR)));
  })();
  return fingerprint;
}

/** What is kept of a parsed note: its front matter (aliases:, prompts: shape its blocks), its fences, and the notices the model gave for its text. */
interface Kept {
  frontmatter: { value: string; end: number } | null;
  fences: Fence[];
  notices: string[];
}

const fencesOf = (codes: readonly CodeWithBlock[]): Fence[] =>
  codes.map(({ node }) => ({ lang: node.lang ?? null, meta: node.meta ?? null, value: node.value, line: node.position?.start.line ?? 0 }));

const frontmatterOf = (tree: Root): Kept['frontmatter'] => {
  const yaml = tree.children.find((node) => node.type === 'yaml');
  return yaml?.type === 'yaml' ? { value: yaml.value, end: yaml.position?.end.line ?? 1 } : null;
};

/** A tree of the front matter and the code nodes, in document order: all `blocksOf` reads. */
function treeOf(frontmatter: Kept['frontmatter'], fences: readonly Fence[]): Root {
  const code = ({ lang, meta, value, line }: Fence): Code => ({ type: 'code', lang, meta, value, position: { start: { line, column: 1 }, end: { line, column: 1 } } });
  const yaml: Yaml[] = frontmatter ? [{ type: 'yaml', value: frontmatter.value, position: { start: { line: 1, column: 1 }, end: { line: frontmatter.end, column: 4 } } }] : [];
  return { type: 'root', children: [...yaml, ...fences.map(code)] };
}

/**
 * The blocks of a note, as `blocksOfNote` makes them, and its notices, without parsing the MDX again when
 * the same text was parsed before by the same parser: parsing week-02 (and loading remark
 * to do it) is most of what the runner does before the first block starts. What is kept is
 * only the code nodes the parser found; meta, ids, hashes and every check are made from
 * them anew on each run. A note that does not parse, or has a block error, is never kept,
 * so its errors always come from a real parse.
 */
export async function cachedNoteOf(path: string, source: string, cacheDir = join(userCacheDir(), 'parsed-notes')): Promise<{ blocks: Block[]; notices: string[] }> {
  const text = await readFile(path, 'utf8');
  const parser = await parserFingerprint();
  const key = parser && sha256(parser, text);
  const file = cacheFileOf(cacheDir, resolve(path));
  const cached = key ? await readCached<Kept>(file, key) : undefined;
  if (cached && Array.isArray(cached.fences) && Array.isArray(cached.notices)) return { blocks: blocksOf(treeOf(cached.frontmatter ?? null, cached.fences), source), notices: cached.notices };
  const { parseMdx } = await import('../../../src/lib/blocks/parse-note.ts');
  const tree = parseMdx(text, source);
  const model = noteModelOf(tree, source);
  if (key) await writeCached(file, key, { frontmatter: frontmatterOf(tree), fences: fencesOf(model.codes), notices: model.notices } satisfies Kept);
  return { blocks: model.codes.flatMap(({ block }) => (block ? [block] : [])), notices: model.notices };
}

/** The blocks of a note, as `blocksOfNote` makes them (see `cachedNoteOf`). */
export const cachedBlocksOfNote = async (path: string, source: string, cacheDir?: string): Promise<Block[]> => (await cachedNoteOf(path, source, cacheDir)).blocks;
