import type { Root } from 'mdast';
import { parse } from 'yaml';

/**
 * One field of a note's front matter as the block model reads it (`aliases:`, `prompts:`),
 * with the note's line it stands on, for errors at that line. Undefined when the note has no
 * front matter, the field is absent or null, or the YAML does not parse (the site's schema
 * reports that one).
 */
export function frontMatterField(tree: Root, key: string): { value: unknown; line: number } | undefined {
  const frontmatter = tree.children.find((node) => node.type === 'yaml');
  if (!frontmatter || frontmatter.type !== 'yaml') return undefined;
  let data: unknown;
  try {
    data = parse(frontmatter.value);
  } catch {
    return undefined;
  }
  const value = (data as Record<string, unknown> | null)?.[key];
  if (value === undefined || value === null) return undefined;
  const offset = frontmatter.value.split('\n').findIndex((line) => new RegExp(`^${key}\\s*:`).test(line));
  return { value, line: (frontmatter.position?.start.line ?? 1) + (offset < 0 ? 0 : offset + 1) };
}
