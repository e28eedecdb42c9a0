// Prompts of an author's terminal that are not among the note's (`PS1> `, `k8s$ `,
// `user@host:~$ `, `[root@node ~]# `). new-note declares those of an original in the note's
// front matter (`prompts:`); the block model names one pasted in a block, where bash would
// run `PS1` with its output sent to a file. A line's first token is a prompt only when what
// follows it is a command by its first word (line-kind.ts: a known program, a builtin, a
// function of the note): a redirection (`2> kubectl`) or prose never are.
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { isCommandLine } from './line-kind.ts';
import { lineRoles } from './pasted-output.ts';
import { PROMPT_SHAPE, PROMPTS, promptOf, type Prompts } from './prompts.ts';

/** A prompt-like start of a line: a token ending in `$ # > % ❯`, or a bracketed `[user@host dir]$`. */
const PROMPT_START = /^\s*((?:\[[^\]\n]{1,34}\]|[^\s#>[][^\s]{0,37}?)?[$#>%❯] )(?=\S)/;
/** What bash reads as a redirection, not a prompt: `2> `, `&> `, `1>> `. */
const REDIRECTION = /^(?:\d+|&)>>? $/;

/** How many prompts new-note declares at most: more is prose or output read wrongly. */
const MAX_PROMPTS = 5;

/** The prompt-like start of a line that `prompts` lack, if the rest of the line is a command. */
export function undeclaredPrompt(line: string, names: ReadonlySet<string> = new Set(), prompts: Prompts = PROMPTS): string | undefined {
  if (promptOf(line, prompts)) return undefined;
  const prompt = PROMPT_START.exec(line)?.[1];
  if (!prompt || !PROMPT_SHAPE.test(prompt) || REDIRECTION.test(prompt) || prompts.includes(prompt)) return undefined;
  return isCommandLine(line.trimStart().slice(prompt.length), names) ? prompt : undefined;
}

/** The prompts the lines in `code` start with, beyond the defaults, in order of first use. */
export function detectedPrompts(code: string, names: ReadonlySet<string> = new Set()): string[] {
  const found: string[] = [];
  for (const line of code.split('\n')) {
    const prompt = undeclaredPrompt(line, names);
    if (prompt && !found.includes(prompt)) found.push(prompt);
    if (found.length >= MAX_PROMPTS) break;
  }
  return found;
}

/** The lines of a run block a prompt may stand on unread, with their note lines: a transcript's pasted lines, or each line that starts a command (not a here-document's text). */
function linesOf(block: Pick<Block, 'code' | 'line' | 'transcript'>, names: ReadonlySet<string>, prompts: Prompts): Array<{ text: string; line: number }> {
  if (!block.transcript) {
    const roles = lineRoles(block.code, names, prompts);
    return block.code.split('\n').flatMap((text, i) => (roles[i] === 'continued' ? [] : [{ text, line: block.line + 1 + i }]));
  }
  return block.transcript.flatMap((command) => {
    const start = command.line + command.command.split('\n').length;
    return command.pasted ? command.pasted.split('\n').map((text, i) => ({ text, line: start + i })) : [];
  });
}

/**
 * A prompt the note does not declare, pasted before a command: in a block without prompts
 * bash would run `PS1` and send its output to a file named after the command; in a
 * transcript the command would be read as pasted output and never run. At its line.
 */
export function undeclaredPromptProblem(block: Pick<Block, 'kind' | 'code' | 'source' | 'line' | 'transcript'>, names: ReadonlySet<string>, prompts: Prompts): BlockError | undefined {
  if (block.kind !== 'run') return undefined;
  for (const { text, line } of linesOf(block, names, prompts)) {
    const prompt = undeclaredPrompt(text, names, prompts);
    if (!prompt) continue;
    const command = text.trimStart().slice(prompt.length);
    return new BlockError(
      block.source,
      line,
      `\`${prompt}${command}\` starts with \`${prompt}\`, a prompt the note does not declare: ${block.transcript ? 'the command would be read as pasted output and never run' : `bash would run \`${prompt.trim()}\`, not \`${command.split(/\s+/)[0]}\``}`,
      `declare your terminal's prompt once in the note's front matter: prompts: ['${prompt}'] (${PROMPTS.map((p) => `'${p}'`).join(', ')} are always read); or write the command after \`$ \``,
    );
  }
  return undefined;
}
