import type { Heading, Root } from 'mdast';
import { visit } from 'unist-util-visit';

/**
 * The page title is the one h1; a note's own `#` headings become h2 and so on, so the
 * student's heading levels keep their order without a second h1 on the page.
 */
export function remarkDemoteHeadings() {
  return (tree: Root) => {
    visit(tree, 'heading', (node: Heading) => {
      node.depth = Math.min(node.depth + 1, 6) as Heading['depth'];
    });
  };
}
