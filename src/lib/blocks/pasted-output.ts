// A shell block written the way people paste a terminal without its prompts: commands and
// what they printed, line after line. Run as it stands, every pasted line would run too
// (`NAME READY STATUS` runs a program named NAME). Read line by line: a line whose first
// word is a command the block model knows is a command, the lines that go on with it
// (`\`, an open quote, a here-document, a trailing `|`) are its, and every other line is
// output. `asTranscript` puts a prompt before each command, so the output is kept and never run.
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import type { Aliases } from './program.ts';
import { promptOf } from './prompts.ts';
import { heredocsOf, isTranscript } from './transcript.ts';

/** Programs and shell words a note's block may start a line with; anything else is read as output. */
export const KNOWN_COMMANDS = new Set(
  (
    'bash sh zsh kubectl docker kind curl wget helm minikube gcloud kubeadm crictl podman git make npm node python python3 go java ' +
    'cd pushd popd export set unset shopt alias local declare readonly trap source . eval exec exit return true false test [ [[ ' +
    'echo printf cat tee ls cp mv rm mkdir rmdir touch ln chmod chown pwd which type command env sudo time timeout nohup sleep wait kill ' +
    'grep egrep sed awk cut tr sort uniq head tail wc xargs find diff base64 jq yq openssl ssh scp tar gzip gunzip zip unzip ' +
    'ps top df du free uname hostname whoami id date nslookup dig host ping nc netstat ss ip ifconfig ' +
    'if then elif else fi for while until do done case esac function select { } ( ) ! let'
  ).split(' '),
);

/** Words that run the command after them: `sudo`, `env`, `VAR=value`. */
const PASS_THROUGH = /^(?:sudo|env|[A-Za-z_]\w*=\S*)$/;

/** The line's command word, past `sudo`, `VAR=value` and the like; '' when there is none. */
function firstWord(line: string): string {
  const words = line.trim().split(/\s+/);
  return words.find((word) => !PASS_THROUGH.test(word)) ?? (words.length && PASS_THROUGH.test(words[0] as string) ? 'env' : '');
}

/** Is this line a command a note would type (known program, an alias, a path, a function definition)? */
export function isCommandLine(line: string, aliases: Aliases = {}): boolean {
  // `pod=$(kubectl get po …)`: an assignment is a command of its own, whatever its value holds.
  if (/^\s*[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=/.test(line)) return true;
  const word = firstWord(line).replace(/[;&|]+$/, '');
  if (!word) return false;
  if (KNOWN_COMMANDS.has(word) || Object.hasOwn(aliases, word) || /^[([{$"'`]/.test(word)) return true;
  if (/^(?:\.{0,2}\/)[\w./-]+$/.test(word)) return true;
  return /^[A-Za-z_][\w-]*\(\)/.test(word);
}

/** The quote left open at the end of a line (`'`, `"`), given the one it started in. */
function openQuote(line: string, quote: string | undefined): string | undefined {
  let open = quote;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (open === "'") {
      if (c === "'") open = undefined;
    } else if (c === '\\') i++;
    else if (open === '"') {
      if (c === '"') open = undefined;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) break;
    else if (c === "'" || c === '"') open = c;
  }
  return open;
}


export type LineRole = 'command' | 'continued' | 'output' | 'blank';

/** What each line of a block's code is: a command, a line of the command before, output, or blank/comment. */
export function lineRoles(code: string, noteAliases: Aliases = {}): LineRole[] {
  // Functions and aliases the block defines itself (`dk() { docker "$@"; }`) are commands too.
  const defined = [...code.matchAll(/^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)|^\s*alias\s+([A-Za-z_][\w-]*)=/gm)].map((m) => [m[1] ?? m[2], ''] as const);
  const aliases: Aliases = { ...Object.fromEntries(defined), ...noteAliases };
  const roles: LineRole[] = [];
  const pending: Array<{ strip: boolean; word: string }> = [];
  let quote: string | undefined;
  let goesOn = false;
  for (const line of code.split('\n')) {
    if (pending.length) {
      roles.push('continued');
      const [next] = pending;
      if ((next?.strip ? line.replace(/^\t+/, '') : line) === next?.word) pending.shift();
      continue;
    }
    const continued = quote !== undefined || goesOn || /^\s*(?:\||&&|\|\||;;|\}|\)|then\b|do\b|done\b|fi\b|else\b|esac\b)/.test(line);
    const role: LineRole = continued ? 'continued' : line.trim() === '' || line.trim().startsWith('#') ? 'blank' : promptOf(line) || isCommandLine(line, aliases) ? 'command' : 'output';
    roles.push(role);
    if (role === 'output' || role === 'blank') continue;
    quote = openQuote(line, quote);
    pending.push(...heredocsOf(line));
    goesOn = quote === undefined && /(?:\\|\||&&|\|\|)\s*$/.test(line) && !/\\\\$/.test(line);
  }
  return roles;
}

/** Does a block's code mix commands with lines that are no command (pasted output)? */
export function mixesOutput(code: string, aliases: Aliases = {}): boolean {
  const roles = lineRoles(code, aliases);
  return roles.includes('command') && roles.includes('output');
}

/** The block as a transcript: `$ ` before each command, `> ` before the lines that go on with it, output as it was. */
export function asTranscript(code: string, aliases: Aliases = {}): string {
  const roles = lineRoles(code, aliases);
  return code
    .split('\n')
    .map((line, i) => (roles[i] === 'command' && !promptOf(line) ? `$ ${line}` : roles[i] === 'continued' ? `> ${line}` : line))
    .join('\n');
}

/** A run block without prompts that mixes commands and pasted output: an error at its first output line. */
/** A line that starts like a program's name and its arguments: lower-case word, then a space or nothing. */
const PLAUSIBLE_COMMAND = /^\s*[a-z][\w.+-]*(?:\s|$)/;

export function pastedOutputProblem(block: Pick<Block, 'kind' | 'code' | 'source' | 'line' | 'transcript'>, aliases: Aliases): BlockError | undefined {
  const note = (/([^/\\]+)\.mdx?$/.exec(block.source)?.[1]) ?? 'NOTE';
  if (block.kind !== 'run' || block.transcript || isTranscript(block.code)) return undefined;
  const roles = lineRoles(block.code, aliases);
  const lines = block.code.split('\n');
  // Refusing a block is only for lines that cannot be a command: one that starts like a program's
  // name (`setsid sleep 3 &`, a tool the list lacks) may well be one, so it never stops a note.
  // --fix-prompts still reads every line by the list.
  const first = roles.findIndex((role, index) => role === 'output' && !PLAUSIBLE_COMMAND.test(lines[index] ?? ''));
  if (first < 0 || !roles.includes('command')) return undefined;
  const text = (lines[first] ?? '').trim();
  return new BlockError(
    block.source,
    block.line + 1 + first,
    `"${text.length > 60 ? `${text.slice(0, 59)}…` : text}" looks like pasted output, not a command: the block would run it`,
    `put a prompt before each command (\`$ kubectl get po\`): the lines after it are kept as what you saw and never run. \`npm run verify-notes -- --fix-prompts --note ${note}\` does it and prints the diff to review. If the line is a command of a program the list in pasted-output.ts lacks, write the block as a transcript yourself: a prompt before every command`,
  );
}
