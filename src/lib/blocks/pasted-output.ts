// A shell block written the way people paste a terminal without its prompts: commands and
// what they printed, line after line. Run as it stands, every pasted line would run too
// (`NAME READY STATUS` runs a program named NAME). Read line by line by one rule
// (line-kind.ts): a line with the shape of output is output, any other is a command, and the
// lines bash reads as more of a command (shell-complete.ts) are its. `asTranscript` puts a
// prompt before each command, so the output is kept and never run.
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { definedNames } from './known-programs.ts';
import { lineKind } from './line-kind.ts';
import type { Aliases } from './program.ts';
import { PROMPTS, promptOf, type Prompts } from './prompts.ts';
import { completeness } from './shell-complete.ts';
import { isTranscript } from './transcript.ts';

/** What a note defines besides the block: its aliases, or the names of its aliases and functions. */
type Names = Aliases | ReadonlySet<string>;

export type LineRole = 'command' | 'continued' | 'output' | 'blank';

/** A line that can only go on with the command before it: `| grep x`, `&& …`, `done`, `fi`, `}`. */
const GOES_ON = /^\s*(?:\||&&|\|\||;;|\}|\)|then\b|do\b|done\b|fi\b|else\b|elif\b|esac\b)/;

/**
 * What each line of a block's code is: a command, a line of the command before, output, or
 * blank/comment. `names` are what the note defines beyond the block (its aliases, functions of
 * its other blocks); a line of neither shape is a command (line-kind.ts).
 */
export function lineRoles(code: string, names: Names = {}, prompts: Prompts = PROMPTS): LineRole[] {
  const known = new Set([...(names instanceof Set ? names : Object.keys(names)), ...definedNames(code)]);
  const roles: LineRole[] = [];
  let command: string[] = [];
  for (const line of code.split('\n')) {
    // While bash would ask for more (a trailing `\` or `|`, an open quote, a here-document), the line is the command's.
    const continued = (command.length > 0 && completeness(command.join('\n')) === 'incomplete') || GOES_ON.test(line);
    const role: LineRole = continued ? 'continued' : line.trim() === '' || line.trim().startsWith('#') ? 'blank' : promptOf(line, prompts) || lineKind(line, known) !== 'output' ? 'command' : 'output';
    roles.push(role);
    if (role === 'command') command = [line];
    else if (role === 'continued' && command.length) command.push(line);
    else if (role !== 'continued') command = [];
  }
  return roles;
}

/** Does a block's code mix commands with lines that are no command (pasted output)? */
export function mixesOutput(code: string, aliases: Names = {}, prompts: Prompts = PROMPTS): boolean {
  const roles = lineRoles(code, aliases, prompts);
  return roles.includes('command') && roles.includes('output');
}

/** The block as a transcript: `$ ` before each command, `> ` before the lines that go on with it, output as it was. */
export function asTranscript(code: string, aliases: Names = {}, prompts: Prompts = PROMPTS): string {
  const roles = lineRoles(code, aliases, prompts);
  return code
    .split('\n')
    .map((line, i) => (roles[i] === 'command' && !promptOf(line, prompts) ? `$ ${line}` : roles[i] === 'continued' ? `> ${line}` : line))
    .join('\n');
}

/** A run block without prompts that mixes commands and pasted output: an error at its first output line. */
export function pastedOutputProblem(block: Pick<Block, 'kind' | 'code' | 'source' | 'line' | 'transcript'>, aliases: Names, prompts: Prompts = PROMPTS): BlockError | undefined {
  const note = (/([^/\\]+)\.mdx?$/.exec(block.source)?.[1]) ?? 'NOTE';
  if (block.kind !== 'run' || block.transcript || isTranscript(block.code, prompts)) return undefined;
  const roles = lineRoles(block.code, aliases, prompts);
  const lines = block.code.split('\n');
  const first = roles.indexOf('output');
  if (first < 0 || !roles.includes('command')) return undefined;
  const text = (lines[first] ?? '').trim();
  return new BlockError(
    block.source,
    block.line + 1 + first,
    `"${text.length > 60 ? `${text.slice(0, 59)}…` : text}" looks like pasted output, not a command: the block would run it`,
    `put a prompt before each command (\`$ kubectl get po\`): the lines after it are kept as what you saw and never run. \`npm run verify-notes -- --fix-prompts --note ${note}\` does it and prints the diff to review. If the line is a command, write the block as a transcript yourself: a prompt before every command`,
  );
}
