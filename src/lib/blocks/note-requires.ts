import type { Root } from 'mdast';
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { frontMatterField } from './frontmatter-field.ts';
import { CAPABILITIES, type Capability } from './meta.ts';

/**
 * `requires:` in a note's front matter is what its page shows under "실행에 필요한 것". It may
 * be left out: the page then shows what the run blocks' `needs=` add up to (`requiresOf`).
 * Stated, it must hold every need of the blocks (a reader without kind would meet a kind
 * block): a missing one is an error at its line. More than the blocks need is the author's
 * word (`[docker, kind]` for a kind note: kind runs on Docker) and kept, with a notice.
 * The rest of the front matter is the site's zod schema's (src/schemas/note.ts).
 */
export function requiresOf(blocks: readonly Block[]): Capability[] {
  return CAPABILITIES.filter((capability) => blocks.some((block) => block.meta.needs.includes(capability)));
}

interface Stated {
  values: unknown[];
  line: number;
}

function statedRequires(tree: Root): Stated | undefined {
  const field = frontMatterField(tree, 'requires');
  return field && Array.isArray(field.value) ? { values: field.value, line: field.line } : undefined;
}

/** A stated `requires:` that leaves out a need of the blocks: an error at its line. */
export function requiresProblem(tree: Root, blocks: readonly Block[], source: string): BlockError | undefined {
  const stated = statedRequires(tree);
  if (!stated) return undefined;
  const needed = requiresOf(blocks);
  const missing = needed.filter((capability) => !stated.values.includes(capability));
  if (!missing.length) return undefined;
  const firstNeeding = (capability: Capability) => blocks.find((block) => block.meta.needs.includes(capability))?.line;
  const problems = missing.map((capability) => `leaves out ${capability}, which the block at line ${firstNeeding(capability)} needs`);
  const list = [...needed, ...stated.values.filter((value) => !(needed as readonly unknown[]).includes(value)).map(String)];
  return new BlockError(source, stated.line, `requires: ${problems.join('; ')}`, `write requires: [${list.join(', ')}], or leave requires: out: the page then shows what the blocks need`);
}

/** A stated `requires:` with more than the blocks need: kept as written, and said. */
export function requiresNotice(tree: Root, blocks: readonly Block[], source: string): string | undefined {
  const stated = statedRequires(tree);
  if (!stated) return undefined;
  const needed = requiresOf(blocks) as readonly unknown[];
  const extra = stated.values.filter((value) => !needed.includes(value));
  if (!extra.length) return undefined;
  return `${source}:${stated.line}: requires: lists ${extra.map(String).join(', ')}, which no block's needs= asks for; the page shows it as written (leave requires: out to show only what the blocks need: [${needed.join(', ')}])`;
}
