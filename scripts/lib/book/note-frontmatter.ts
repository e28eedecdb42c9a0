import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The two frontmatter fields the runner reads (src/schemas/note.ts describes them all). */
export interface RunnerFrontmatter {
  /** `original:` file name in content/originals/, when the note has one. */
  original?: string;
  /** `isolated: true`: the author says the note's Docker objects are its own (--jobs). */
  isolated: boolean;
}

/**
 * Reads `original:` and `isolated:` from a note's frontmatter. Top-level scalar lines only:
 * the build validates the whole frontmatter with its zod schema (src/schemas/note.ts), and
 * the runner, which must start fast, never loads the site's YAML and schema stack to find
 * two scalars.
 */
export function frontmatterOf(text: string): RunnerFrontmatter {
  // As the MDX parser reads it: a byte order mark is no text, CRLF is one line ending.
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\s*(?:\n|$)/.exec(lines);
  const scalar = (key: string) => {
    const line = new RegExp(`^${key}:[ \\t]*(.*?)[ \\t]*(?:#.*)?$`, 'm').exec(match?.[1] ?? '')?.[1];
    return line?.replace(/^(['"])(.*)\1$/, '$2');
  };
  const original = scalar('original');
  return { ...(original ? { original } : {}), isolated: scalar('isolated') === 'true' };
}

export async function readFrontmatter(root: string, source: string): Promise<RunnerFrontmatter> {
  return frontmatterOf(await readFile(join(root, source), 'utf8'));
}
