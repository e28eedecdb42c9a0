// `verify-notes --fix-prompts`: every run block of a note that mixes commands and pasted output
// without prompts (pasted-output.ts) rewritten as a transcript, in the note's own text. Only
// the lines inside those blocks change; the author reviews the diff.
import { createTwoFilesPatch } from 'diff';
import type { Code } from 'mdast';
import type { BlockError } from './block-error.ts';
import { parseRunMeta } from './meta.ts';
import { aliasesOf } from './note-aliases.ts';
import { parseMdx } from './parse-note.ts';
import { asTranscript, mixesOutput } from './pasted-output.ts';
import { isTranscript } from './transcript.ts';

/** The run blocks' code nodes, in document order (no block model: the note does not pass it yet). */
function runCodes(text: string, source: string): { codes: Code[]; aliases: ReturnType<typeof aliasesOf> } {
  const tree = parseMdx(text, source);
  const errors: BlockError[] = [];
  const aliases = aliasesOf(tree, source, errors);
  const codes: Code[] = [];
  const stack = [...tree.children].reverse();
  while (stack.length) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'code') {
      let meta;
      try {
        meta = parseRunMeta(node.meta);
      } catch {
        meta = null;
      }
      if (meta?.run) codes.push(node);
    }
    if ('children' in node) stack.push(...[...(node.children as typeof tree.children)].reverse());
  }
  return { codes, aliases };
}

/** The note's text with its mixed blocks as transcripts, and how many it rewrote. */
export function fixPrompts(text: string, source: string): { text: string; fixed: number; diff: string } {
  const { codes, aliases } = runCodes(text, source);
  const lines = text.split('\n');
  let fixed = 0;
  for (const node of codes) {
    const start = node.position?.start.line;
    const end = node.position?.end.line;
    const code = node.value.replace(/\r\n?/g, '\n');
    if (start === undefined || end === undefined || isTranscript(code) || !mixesOutput(code, aliases)) continue;
    const indent = /^\s*/.exec(lines[start - 1] ?? '')?.[0] ?? '';
    const body = asTranscript(code, aliases).split('\n');
    // The closing fence is on `end` unless the block runs to the end of the note unclosed.
    const closed = end - start - 1 === body.length;
    if (!closed) continue;
    lines.splice(start, body.length, ...body.map((line) => (line ? indent + line : line)));
    fixed++;
  }
  const next = lines.join('\n');
  return { text: next, fixed, diff: fixed ? createTwoFilesPatch(source, source, text, next) : '' };
}
