import type { Code, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { blockHash } from './hash.ts';
import { MetaError, parseRunMeta } from './meta.ts';

/** A code node together with the block it declares (null for plain code). */
export interface CodeWithBlock {
  node: Code;
  block: Block | null;
}

/**
 * Walks an MDX/markdown tree and returns every fenced code node with its typed block.
 * The remark plugin of the site and the runner both call this: one reading of the meta.
 */
export function codeBlocksOf(tree: Root, source: string): CodeWithBlock[] {
  const found: CodeWithBlock[] = [];
  const ids = new Map<string, number>();
  visit(tree, 'code', (node: Code) => {
    const line = node.position?.start.line ?? 0;
    let meta;
    try {
      meta = parseRunMeta(node.meta);
    } catch (error) {
      if (error instanceof MetaError) throw new BlockError(source, line, error.message, error.hint, { cause: error });
      throw error;
    }
    if (!meta) {
      found.push({ node, block: null });
      return;
    }
    const key = meta.run ? (meta.id as string) : `file:${meta.file}`;
    const earlier = ids.get(key);
    if (earlier !== undefined && meta.run) {
      throw new BlockError(source, line, `duplicate block id "${key}" (first used at line ${earlier})`, 'every run block of a note needs its own id');
    }
    ids.set(key, line);
    const lang = node.lang ?? '';
    if (meta.run && !['sh', 'bash', 'shell', 'console'].includes(lang)) {
      throw new BlockError(source, line, `a run block must be a shell block, not "${lang || 'no language'}"`, 'fence it as ```sh run id=…');
    }
    found.push({
      node,
      block: {
        key,
        kind: meta.run ? 'run' : 'file',
        lang,
        code: node.value,
        meta,
        rawMeta: node.meta ?? '',
        source,
        line,
        hash: blockHash(lang, node.value, meta),
      },
    });
  });
  return found;
}

/** Just the executable and file blocks, in document order. */
export function blocksOf(tree: Root, source: string): Block[] {
  return codeBlocksOf(tree, source).flatMap(({ block }) => (block ? [block] : []));
}
