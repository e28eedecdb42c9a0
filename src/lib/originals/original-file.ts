/**
 * The student's original notes: a text file in content/originals/, named by a note's
 * front-matter `original:`. Any text form a study note is written in: plain text (the seed
 * is one) or Markdown. The page shows it byte for byte either way; only the check that the
 * note keeps every line (kept-lines.ts) reads Markdown's syntax out of a Markdown original.
 */

export const ORIGINALS_DIR = 'content/originals';

/** File endings an original may have, each with how it is read. */
export const ORIGINAL_FORMS = { txt: 'text', text: 'text', md: 'markdown', markdown: 'markdown' } as const;

export type OriginalForm = (typeof ORIGINAL_FORMS)[keyof typeof ORIGINAL_FORMS];

/** A file name in content/originals/ (no folder) with one of the endings above. */
export const ORIGINAL_NAME = new RegExp(`^[\\w.-]+\\.(?:${Object.keys(ORIGINAL_FORMS).join('|')})$`);

/** How an original is read, from its name; plain text when the ending says nothing. */
export function originalForm(name: string): OriginalForm {
  const ending = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return Object.hasOwn(ORIGINAL_FORMS, ending) ? ORIGINAL_FORMS[ending as keyof typeof ORIGINAL_FORMS] : 'text';
}
