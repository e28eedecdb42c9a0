import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Code, Root, Yaml } from 'mdast';
import type { Block } from '../../../src/lib/blocks/block.ts';
import { blocksOf, noteModelOf, type CodeWithBlock } from '../../../src/lib/blocks/extract.ts';
import { frontMatterOf } from '../../../src/lib/blocks/frontmatter-field.ts';
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
const FORMAT = 'kubia-notes parsed fences 4';
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

/**
 * What is kept of a parsed note: its front matter (aliases:, prompts: shape its blocks) with
 * its data as parsed, so that a hit needs no YAML parser; its fences; and the notices the
 * model gave for its text.
 */
interface Kept {
  frontmatter: { value: string; end: number; parsed?: unknown } | null;
  fences: Fence[];
  notices: string[];
}

const fencesOf = (codes: readonly CodeWithBlock[]): Fence[] =>
  codes.map(({ node }) => ({ lang: node.lang ?? null, meta: node.meta ?? null, value: node.value, line: node.position?.start.line ?? 0 }));

/** The front matter, with its data only when JSON keeps it as it is (a YAML `.inf` would not be). */
const frontmatterOf = (tree: Root): Kept['frontmatter'] => {
  const yaml = tree.children.find((node) => node.type === 'yaml');
  if (yaml?.type !== 'yaml') return null;
  const data = frontMatterOf(tree)?.data;
  const kept = data === undefined ? undefined : (JSON.parse(JSON.stringify(data) ?? 'null') as unknown);
  return { value: yaml.value, end: yaml.position?.end.line ?? 1, ...(data !== undefined && isDeepStrictEqual(kept, data) ? { parsed: kept } : {}) };
};

/**
 * A tree of the front matter and the code nodes, in document order: all `blocksOf` reads.
 * Only notes that passed every check are kept, so their file blocks' YAML parsed: the fences
 * say so, and the front matter carries its data, and no YAML is parsed again.
 */
function treeOf(frontmatter: Kept['frontmatter'], fences: readonly Fence[]): Root {
  const code = ({ lang, meta, value, line }: Fence): Code => ({ type: 'code', lang, meta, value, position: { start: { line, column: 1 }, end: { line, column: 1 } }, data: { yamlChecked: true } });
  const position = (end: number) => ({ start: { line: 1, column: 1 }, end: { line: end, column: 4 } });
  const yaml: Yaml[] = frontmatter ? [{ type: 'yaml', value: frontmatter.value, position: position(frontmatter.end), ...('parsed' in frontmatter ? { data: { parsed: frontmatter.parsed } } : {}) }] : [];
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
