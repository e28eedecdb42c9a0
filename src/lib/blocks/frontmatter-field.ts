import type { Root, Yaml } from 'mdast';
import { yamlPackage } from './yaml-package.ts';

declare module 'mdast' {
  interface YamlData {
    /**
     * The front matter as parsed when the note was first read, kept with the tree by the
     * runner's parse cache (parse-cache.ts): read again without loading the YAML parser.
     */
    parsed?: unknown;
  }
}

/**
 * A note's front matter: its node and its data (as kept with the tree, else parsed).
 * Undefined when there is none or the YAML does not parse (the site's schema reports that).
 */
export function frontMatterOf(tree: Root): { node: Yaml; data: unknown } | undefined {
  const node = tree.children.find((child) => child.type === 'yaml');
  if (!node || node.type !== 'yaml') return undefined;
  if (node.data && 'parsed' in node.data) return { node, data: node.data.parsed };
  try {
    return { node, data: yamlPackage().parse(node.value) };
  } catch {
    return undefined;
  }
}

/**
 * One field of a note's front matter as the block model reads it (`aliases:`, `prompts:`),
 * with the note's line it stands on, for errors at that line. Undefined when the note has no
 * front matter, the field is absent or null, or the YAML does not parse (the site's schema
 * reports that one).
 */
export function frontMatterField(tree: Root, key: string): { value: unknown; line: number } | undefined {
  const frontmatter = frontMatterOf(tree);
  if (!frontmatter) return undefined;
  const value = (frontmatter.data as Record<string, unknown> | null)?.[key];
  if (value === undefined || value === null) return undefined;
  const offset = frontmatter.node.value.split('\n').findIndex((line) => new RegExp(`^${key}\\s*:`).test(line));
  return { value, line: (frontmatter.node.position?.start.line ?? 1) + (offset < 0 ? 0 : offset + 1) };
}
