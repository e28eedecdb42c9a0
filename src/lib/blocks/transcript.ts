// A run block written as a terminal shows it: prompt lines are the commands, the lines after
// each (up to the next prompt) are what the author saw. Only the commands run; the pasted
// lines stay on the page beside today's output. byexample, cram and trycmd read `$ ` and
// `> ` the same way; the prompts themselves are the one list of prompts.ts.
import { promptOf } from './prompts.ts';

/** One command of a transcript block and the output its author pasted under it. */
export interface TranscriptCommand {
  /** The prompt it was typed at (`$ `, `bash> `, `❯ `): shown again on the page. */
  prompt: string;
  /** The command as it runs: its continuation and here-document lines joined with `\n`. */
  command: string;
  /** The lines the author pasted after it, verbatim (trailing blank lines left out); '' for none. */
  pasted: string;
  /** 1-based line of the note the prompt stands on. */
  line: number;
}

/** A terminal's continuation prompt: a `\`-ended line, an open quote or a here-document goes on after it. */
const CONTINUATION = /^\s*> ?/;
/** The here-documents a line opens (`<<EOF`, `<<-'END'`, not `<<<`), in order. */
export const heredocsOf = (line: string) => [...line.replace(/<<<\s*\S+/g, '').matchAll(/<<(-?)\s*(['"]?)([\w.-]+)\2/g)].map((m) => ({ strip: m[1] === '-', word: m[3] as string }));
/** An odd number of backslashes at the end: the line goes on. */
const continues = (line: string) => (/\\+$/.exec(line)?.[0].length ?? 0) % 2 === 1;

/** Is this block's code a transcript: does its first non-blank line start with a prompt? */
export function isTranscript(code: string): boolean {
  const first = code.split('\n').find((line) => line.trim() !== '');
  return first !== undefined && promptOf(first) !== undefined;
}

/**
 * The commands of a transcript block, each with what was pasted after it. `fenceLine` is the
 * line of the block's opening fence, so each command knows its own line of the note.
 * Continuation lines (`> ` after a `\`-ended line or in a here-document, or any `> ` line
 * right after the command) belong to the command; the rest, up to the next prompt, is pasted.
 */
export function parseTranscript(code: string, fenceLine: number): TranscriptCommand[] {
  const lines = code.split('\n');
  const commands: TranscriptCommand[] = [];
  let i = 0;
  while (i < lines.length) {
    const typed = promptOf(lines[i] as string);
    if (!typed) {
      i++;
      continue;
    }
    const line = fenceLine + 1 + i;
    const text = [(lines[i] as string).trimStart().slice(typed.prompt.length)];
    const pending = heredocsOf(text[0] as string);
    let open = continues(text[0] as string);
    i++;
    // Bounded by the block's lines: each turn takes one.
    while (i < lines.length) {
      const raw = lines[i] as string;
      const body = raw.replace(CONTINUATION, '');
      if (pending.length) {
        text.push(body);
        const [next] = pending;
        if ((next?.strip ? body.replace(/^\t+/, '') : body) === next?.word) pending.shift();
      } else if (open || (CONTINUATION.test(raw) && !promptOf(raw))) {
        text.push(body);
        pending.push(...heredocsOf(body));
      } else break;
      open = continues(body);
      i++;
    }
    const pasted: string[] = [];
    while (i < lines.length && !promptOf(lines[i] as string)) pasted.push(lines[i++] as string);
    while (pasted.length && (pasted.at(-1) as string).trim() === '') pasted.pop();
    commands.push({ prompt: typed.prompt, command: text.join('\n'), pasted: pasted.join('\n'), line });
  }
  return commands;
}

/** What a transcript block runs: its commands, one after the other, and nothing pasted. */
export const transcriptCode = (commands: readonly TranscriptCommand[]) => commands.map((c) => c.command).join('\n');

/**
 * The note's line of a line of the block's code: for a transcript, the code holds only the
 * commands, each on the lines it was typed on; for any other block, the code is the block.
 */
export function noteLineOf(block: { line: number; transcript?: readonly TranscriptCommand[] }, codeLine: number): number {
  if (!block.transcript) return block.line + 1 + codeLine;
  let start = 0;
  for (const command of block.transcript) {
    const count = command.command.split('\n').length;
    if (codeLine < start + count) return command.line + (codeLine - start);
    start += count;
  }
  return block.line + 1 + codeLine;
}
