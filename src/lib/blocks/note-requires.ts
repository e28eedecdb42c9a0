import type { Root } from 'mdast';
import { parse } from 'yaml';
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { CAPABILITIES, type Capability } from './meta.ts';

/**
 * `requires:` in a note's front matter is what its page shows under "실행에 필요한 것". When
 * the author states it, it must be what the run blocks need (their `needs=`), neither less
 * (a reader without kind would meet a kind block) nor more. Left out, the page claims nothing.
 * The rest of the front matter is the site's zod schema's (src/schemas/note.ts).
 */
export function requiresProblem(tree: Root, blocks: readonly Block[], source: string): BlockError | undefined {
  const frontmatter = tree.children.find((node) => node.type === 'yaml');
  if (!frontmatter || frontmatter.type !== 'yaml') return undefined;
  let data: unknown;
  try {
    data = parse(frontmatter.value);
  } catch {
    return undefined;
  }
  const stated = (data as { requires?: unknown } | null)?.requires;
  if (!Array.isArray(stated)) return undefined;
  const firstNeeding = new Map<Capability, Block>();
  for (const block of blocks) for (const need of block.meta.needs) if (!firstNeeding.has(need)) firstNeeding.set(need, block);
  const needed = CAPABILITIES.filter((capability) => firstNeeding.has(capability));
  const missing = needed.filter((capability) => !stated.includes(capability));
  const extra = stated.filter((value) => !(needed as readonly unknown[]).includes(value));
  if (!missing.length && !extra.length) return undefined;
  const offset = frontmatter.value.split('\n').findIndex((line) => /^requires\s*:/.test(line));
  const line = (frontmatter.position?.start.line ?? 1) + (offset < 0 ? 0 : offset + 1);
  const problems = [
    ...missing.map((capability) => `leaves out ${capability}, which the block at line ${firstNeeding.get(capability)?.line} needs`),
    ...extra.map((value) => `lists ${String(value)}, which no block needs`),
  ];
  return new BlockError(source, line, `requires: ${problems.join('; ')}`, `write requires: [${needed.join(', ')}]: the page shows it as what the note needs to run`);
}
