import { readFile } from 'node:fs/promises';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { blocksOf } from './extract.ts';

const mdxParser = unified().use(remarkParse).use(remarkMdx).use(remarkFrontmatter, ['yaml']);

/** Parses MDX source into its tree: the same remark-mdx reading Astro's MDX integration does. */
export function parseMdx(text: string, source: string): Root {
  try {
    return mdxParser.parse(text) as Root;
  } catch (error) {
    // micromark's MDX errors carry the position only in their text: "… (3:1-3:10)".
    const line = Number(/\((\d+):\d+(?:-\d+:\d+)?\)\s*$/.exec((error as Error).message)?.[1] ?? 1);
    throw new BlockError(source, line, `the note is not valid MDX: ${(error as Error).message}`, 'escape `<`, `{` and `}` in prose as \\< \\{ \\}', { cause: error });
  }
}

export async function blocksOfNote(path: string, source = path): Promise<Block[]> {
  const text = await readFile(path, 'utf8');
  return blocksOf(parseMdx(text, source), source);
}
