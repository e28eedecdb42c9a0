import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import type { Code, Root, RootContent } from 'mdast';
import { visit } from 'unist-util-visit';
import type { MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import type { VFile } from 'vfile';
import { bookChangeAnchor } from '../lib/blocks/book-change.ts';
import { noteModelOf } from '../lib/blocks/extract.ts';
import { inputsByBlock } from '../lib/blocks/chain.ts';
import { pageBlockOf, type PageBlock } from '../lib/blocks/page-block.ts';
import { withFrontmatterOf } from '../lib/blocks/stripped-frontmatter.ts';

function attribute(name: string, value: string): MdxJsxFlowElement['attributes'][number] {
  return { type: 'mdxJsxAttribute', name, value };
}

/** The note's name as recordings are keyed: `content/notes/week-02.mdx` → `week-02`. */
export function noteNameOf(path: string): string {
  return basename(path).replace(/\.mdx?$/, '');
}

/**
 * The heading level an output's title takes: one below the section it stands in, so the
 * page's heading order stays sequential (the title is a heading for search sub-results).
 */
function outputHeadingLevels(tree: Root): Map<Code, number> {
  const levels = new Map<Code, number>();
  let depth = 1;
  visit(tree, (node) => {
    if (node.type === 'heading') depth = node.depth;
    if (node.type === 'code') levels.set(node, Math.min(depth + 1, 6));
  });
  return levels;
}

function wrap(block: PageBlock, note: string, code: RootContent, outputLevel: number): MdxJsxFlowElement {
  return {
    type: 'mdxJsxFlowElement',
    name: 'RunBlock',
    attributes: [
      attribute('note', note),
      // The block model's reading travels with the block: the component never re-parses meta.
      attribute('block', JSON.stringify(block)),
      attribute('outputLevel', String(outputLevel)),
    ],
    // A transcript block is shown by <RunBlock> as a terminal, command by command: not as its source.
    children: block.transcript ? [] : [code as MdxJsxFlowElement['children'][number]],
  };
}

/**
 * Wraps every `run` / `file=` block in <RunBlock>, which shows its recorded output,
 * and drops `hidden` ones; gives every <BookChange> its anchor (`change-<n>`), which the
 * "책과 달라진 점" page links to. The blocks come from the same extractor the runner uses.
 */
export function remarkRunBlocks() {
  return (tree: Root, file: VFile) => {
    const path = file.path ?? file.history[0] ?? 'unknown.mdx';
    const source = relative(process.cwd(), path);
    const note = noteNameOf(path);
    const levels = outputHeadingLevels(tree);
    // Read as the runner reads it: with its front matter (aliases: changes a block's hash).
    const { codes: found, bookChanges, needs, notices } = noteModelOf(file.path ? withFrontmatterOf(tree, readFileSync(file.path, 'utf8')) : tree, source);
    for (const notice of notices) console.warn(`ℹ ${notice}`);
    // The page shows requires: as written, or what the blocks need when the note leaves it out.
    const astro = ((file.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro ??= {});
    (astro.frontmatter ??= {}).needs = needs;
    for (const { node, change } of bookChanges) node.attributes.push(attribute('anchor', bookChangeAnchor(change.index)));
    const inputs = inputsByBlock(found.flatMap(({ block }) => (block ? [block] : [])));
    for (const { node, block } of found) {
      if (!block) continue;
      const parent = findParent(tree, node);
      if (!parent) continue;
      const index = parent.children.indexOf(node as never);
      if (block.meta.hidden) parent.children.splice(index, 1);
      else parent.children.splice(index, 1, wrap(pageBlockOf(block, inputs.get(block.key) ?? []), note, node, levels.get(node) ?? 6) as never);
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
