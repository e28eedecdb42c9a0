import type { Root } from 'mdast';
import { BlockError } from './block-error.ts';
import { frontMatterField } from './frontmatter-field.ts';
import { PROMPT_SHAPE, PROMPTS, withNotePrompts, type Prompts } from './prompts.ts';

/**
 * `prompts: ['PS1> ', 'k8s$ ']` in a note's front matter: the prompts its author's terminal
 * shows, read in every block of the note besides the defaults (`$ `, `bash> `, `❯ `): by the
 * transcript parsing, the checks before running, --fix-prompts and the kept-lines check. The
 * site's zod schema (src/schemas/note.ts) reads the same field.
 */
export function promptsOf(tree: Root, source: string, errors: BlockError[]): Prompts {
  const field = frontMatterField(tree, 'prompts');
  if (!field) return PROMPTS;
  const hint = `write prompts: ['PS1> ', 'k8s$ ']: each as the terminal shows it, with the space before the command; ${PROMPTS.map((p) => `'${p}'`).join(', ')} are always read`;
  if (!Array.isArray(field.value)) {
    errors.push(new BlockError(source, field.line, 'prompts: is not a list of prompts', hint));
    return PROMPTS;
  }
  const own: string[] = [];
  for (const prompt of field.value) {
    if (typeof prompt === 'string' && PROMPT_SHAPE.test(prompt)) own.push(prompt);
    else errors.push(new BlockError(source, field.line, `prompts: ${JSON.stringify(prompt)} is not a prompt the block model can read`, `a prompt is up to 40 characters ending in a space, not starting with a space, # or >; ${hint}`));
  }
  return withNotePrompts(own);
}

/** A note's prompts where errors in them are the block model's to report (the kept-lines check, --fix-prompts). */
export const notePrompts = (tree: Root): Prompts => promptsOf(tree, '', []);
