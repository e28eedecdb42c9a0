import { basename, relative } from 'node:path';
import type { Root, RootContent } from 'mdast';
import type { MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import type { VFile } from 'vfile';
import { codeBlocksOf } from '../lib/blocks/extract.ts';
import type { Block } from '../lib/blocks/block.ts';

function attribute(name: string, value: string): MdxJsxFlowElement['attributes'][number] {
  return { type: 'mdxJsxAttribute', name, value };
}

/** The note's name as recordings are keyed: `content/notes/week-02.mdx` → `week-02`. */
export function noteNameOf(path: string): string {
  return basename(path).replace(/\.mdx?$/, '');
}

function wrap(block: Block, note: string, code: RootContent): MdxJsxFlowElement {
  return {
    type: 'mdxJsxFlowElement',
    name: 'RunBlock',
    attributes: [
      attribute('note', note),
      attribute('blockKey', block.key),
      attribute('kind', block.kind),
      attribute('hash', block.hash),
      attribute('line', String(block.line)),
      attribute('source', block.source),
      attribute('meta', block.rawMeta),
    ],
    children: [code as MdxJsxFlowElement['children'][number]],
  };
}

/**
 * Wraps every `run` / `file=` block in <RunBlock>, which shows its recorded output,
 * and drops `hidden` ones. The blocks come from the same extractor the runner uses.
 */
export function remarkRunBlocks() {
  return (tree: Root, file: VFile) => {
    const path = file.path ?? file.history[0] ?? 'unknown.mdx';
    const source = relative(process.cwd(), path);
    const note = noteNameOf(path);
    for (const { node, block } of codeBlocksOf(tree, source)) {
      if (!block) continue;
      const parent = findParent(tree, node);
      if (!parent) continue;
      const index = parent.children.indexOf(node as never);
      if (block.meta.hidden) parent.children.splice(index, 1);
      else parent.children.splice(index, 1, wrap(block, note, node) as never);
    }
  };
}

type Parent = { children: RootContent[] };

function findParent(tree: Root, target: RootContent): Parent | null {
  const stack: Parent[] = [tree as Parent];
  while (stack.length) {
    const parent = stack.pop() as Parent;
    if (parent.children.includes(target)) return parent;
    for (const child of parent.children) if ('children' in child) stack.push(child as Parent);
  }
  return null;
}
