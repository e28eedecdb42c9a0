import type { Nodes, Root } from 'mdast';
import { BlockError } from '../blocks/block-error.ts';
import { parseRunMeta } from '../blocks/meta.ts';
import { notePrompts } from '../blocks/note-prompts.ts';
import { PROMPTS, promptOf, type Prompts } from '../blocks/prompts.ts';
import type { OriginalForm } from './original-file.ts';

/**
 * Does the note keep every line of the student's original? The one answer, for the build,
 * `verify-notes --static` and the page test. It compares words, not markup: a line is kept
 * when its letters and digits, in order, stand somewhere in what the note shows. Spaces,
 * punctuation and Markdown on either side (a fence, a `>` quote, `**bold**`, a list marker,
 * a `#` heading, backticks, `<Question page="76">`) never decide it, so the note may quote,
 * fence, bold or annotate a line (`docker를` → `` `docker`를 ``) and still keep it; a line
 * whose words changed or went is lost.
 */

/** What is compared: letters (any script, with their marks) and digits, nothing else. */
const NOT_A_WORD_CHARACTER = /[^\p{L}\p{M}\p{N}]+/gu;

/** The text as compared: its letters and digits in order (Unicode NFC, so 한 and 한 are one). */
export function wordCharacters(text: string): string {
  return text.normalize('NFC').replace(NOT_A_WORD_CHARACTER, '');
}

/** Only what a Markdown renderer shows of a line outside code: link and image texts, not their targets. */
function markdownLineText(line: string): string {
  return (
    line
      // HTML comments and tags (`<br>`, `<details>`); `<요청 …>` is no tag and stays.
      .replace(/<!--.*?-->/g, ' ')
      .replace(/<\/?[A-Za-z][\w.:-]*(?:\s[^<>]*)?\/?>/g, ' ')
      // `<https://…>` autolinks show their address.
      .replace(/<([a-z][\w+.-]*:[^\s<>]*)>/gi, '$1')
      // `![alt](src)`, `[text](url "title")`, `[text][ref]`: only the text is on the page.
      .replace(/!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g, '$1')
      .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
      // Entities (`&amp;`, `&#39;`) stand for punctuation, never for words.
      .replace(/&(?:#\d+|#x[\da-f]+|\w+);/gi, ' ')
  );
}

/**
 * A pasted prompt (`bash> `, `$ `) is the terminal's, not the student's words: the note may
 * write the command behind another prompt (`bash> kubectl …` as `$ kubectl …`) and keep it.
 * The prompts are the defaults and those the note declares (`prompts:`, note-prompts.ts).
 */
const withoutPrompt = (line: string, prompts: Prompts) => promptOf(line, prompts)?.command ?? line;

/** A numbered-list marker (`1. `, `2) `) is layout, also in plain text: the note may make it a list. */
const LIST_NUMBER = /^\s*\d{1,9}[.)]\s+/;
const FENCE = /^\s*(`{3,}|~{3,})/;
/** `[id]: https://…`: a reference definition, which a renderer does not show. */
const DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*\S+/;

/**
 * The compared text of each line of an original (index 0 is line 1): `''` for a line with
 * nothing to keep (blank, a fence, a Markdown front matter or reference definition).
 */
export function originalLines(text: string, form: OriginalForm, prompts: Prompts = PROMPTS): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (form === 'text') return lines.map((line) => wordCharacters(withoutPrompt(line, prompts).replace(LIST_NUMBER, '')));
  const kept: string[] = [];
  let fence: string | undefined;
  let frontMatter = lines[0]?.trim() === '---';
  for (const [index, line] of lines.entries()) {
    if (frontMatter) {
      kept.push('');
      if (index > 0 && /^(---|\.\.\.)\s*$/.test(line)) frontMatter = false;
      continue;
    }
    const opener = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      // Inside a fence every character is the student's: code, prompts, pasted output.
      const closes = opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length && line.trim() === opener;
      if (closes) fence = undefined;
      kept.push(closes ? '' : wordCharacters(withoutPrompt(line, prompts)));
      continue;
    }
    if (opener !== undefined) {
      fence = opener;
      kept.push('');
      continue;
    }
    kept.push(DEFINITION.test(line) ? '' : wordCharacters(markdownLineText(line).replace(/^[\s>]*(?:[-*+]\s+(?:\[[ xX]\]\s+)?)?/, '').replace(LIST_NUMBER, '')));
  }
  return kept;
}

/** A fenced block the page does not show (`hidden`): what stands only there is not on the page. */
function hiddenCode(meta: string | null | undefined): boolean {
  try {
    return parseRunMeta(meta)?.hidden ?? false;
  } catch {
    // A bad meta is the block model's error to report; the block is shown as code meanwhile.
    return false;
  }
}

/**
 * The compared text of everything a note's page shows, in order: prose, code, inline code,
 * image alternatives, the children of components. Not the front matter, MDX comments,
 * imports, element attributes, link targets or hidden blocks. Iterative: a deeply nested
 * note must not overflow the stack here (the block model reports that depth).
 */
export function noteText(tree: Root): string {
  const parts: string[] = [];
  const stack: Nodes[] = [tree];
  while (stack.length) {
    const node = stack.pop() as Nodes;
    if (node.type === 'text' || node.type === 'inlineCode') parts.push(node.value);
    else if (node.type === 'code' && !hiddenCode(node.meta)) parts.push(node.value);
    else if (node.type === 'image') parts.push(node.alt ?? '');
    if (!('children' in node)) continue;
    const children: readonly Nodes[] = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Nodes);
  }
  return wordCharacters(parts.join(' '));
}

/** 1-based numbers of the lines of the original whose words are not in `shown` (a `noteText` or any page text). */
export function lostLines(original: string, form: OriginalForm, shown: string, prompts: Prompts = PROMPTS): number[] {
  const compared = shown === wordCharacters(shown) ? shown : wordCharacters(shown);
  return originalLines(original, form, prompts).flatMap((line, index) => (line && !compared.includes(line) ? [index + 1] : []));
}

/** Enough lost lines to act on; a note that lost more is far from its original and lists the rest as a count. */
export const MAX_LOST_LINES = 30;

export interface KeptLinesInput {
  /** `content/originals/<file>`, as the errors name it. */
  originalSource: string;
  originalText: string;
  form: OriginalForm;
  /** `content/notes/<note>.mdx`. */
  noteSource: string;
  tree: Root;
}

/**
 * Each line of the original the note lost, as an error at that line of the original. The
 * hint never suggests deleting the line from the original: the original is what the student
 * wrote, and the note corrects a line by keeping it and saying so beside it (as week 2 keeps
 * "node:7.0" and adds a <BookChange>).
 */
export function keptLineProblems(input: KeptLinesInput): BlockError[] {
  const lines = input.originalText.replace(/\r\n?/g, '\n').split('\n');
  const lost = lostLines(input.originalText, input.form, noteText(input.tree), notePrompts(input.tree));
  const problems = lost.slice(0, MAX_LOST_LINES).map((line) => {
    const written = (lines[line - 1] ?? '').trim();
    return new BlockError(
      input.originalSource,
      line,
      `this line of the original is not in ${input.noteSource}`,
      `it reads "${written.length > 80 ? `${written.slice(0, 79)}…` : written}". Put it back in the note with the same words (quoting, a fence, bold, a link or a list around it are fine: only letters and digits are compared). If the line is wrong or outdated, keep it and correct it beside it with <Note>, <Answer> or <BookChange>, as week-02 does; the original stays as the student wrote it`,
    );
  });
  const rest = lost.slice(MAX_LOST_LINES);
  if (rest.length) {
    problems.push(new BlockError(input.originalSource, rest[0] as number, `${rest.length} more lines of the original (from this one on) are not in ${input.noteSource}`, 'bring the original into the note line by line first; `npm run verify-notes -- --static` lists what is still missing'));
  }
  return problems;
}
