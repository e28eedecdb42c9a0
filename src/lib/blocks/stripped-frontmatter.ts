import type { Root, Yaml } from 'mdast';

/**
 * Astro's MDX integration hands remark the note with its front matter blanked (lines kept),
 * and the parsed front matter aside: the block model would then read no `aliases:` nor
 * `requires:`, and hash an aliased block differently from the runner (its recording shown as
 * stale). This gives the model back the front matter as the note's text has it, at its lines.
 * The tree itself is left as it is: a shallow root whose children are the same nodes.
 */
export function withFrontmatterOf(tree: Root, text: string): Root {
  if (tree.children.some((node) => node.type === 'yaml')) return tree;
  // As the MDX parser reads it: a byte order mark is no text, CRLF is one line ending.
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  if (!match) return tree;
  const value = match[1] as string;
  const end = value.split('\n').length + 2;
  const yaml: Yaml = { type: 'yaml', value, position: { start: { line: 1, column: 1 }, end: { line: end, column: 4 } } };
  return { ...tree, children: [yaml, ...tree.children] };
}
