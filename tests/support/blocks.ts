import type { Block } from '../../src/lib/blocks/block.ts';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';

/** A fenced block of a test note: `fence('run id=a needs=docker', 'echo hi')`. */
export const fence = (meta: string, code: string, lang = 'sh') => `\`\`\`${lang} ${meta}\n${code}\n\`\`\``;

/** The typed blocks of a small note, as the runner and the site read them. */
export function noteBlocks(...fences: string[]): Block[] {
  const source = 'content/notes/t.mdx';
  return blocksOf(parseMdx(`---\ntitle: t\n---\n\n${fences.join('\n\n')}\n`, source), source);
}
