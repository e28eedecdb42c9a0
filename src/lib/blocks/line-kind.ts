// One rule for what a line of a shell block without prompts is, for the refusal before running
// (pasted-output.ts) and --fix-prompts alike. A line is a command when its first word is one a
// note types: a known program, a shell builtin or keyword, a function or alias of the note or
// block, an assignment, a path. It is output when it has the shape of output: table columns,
// `kind/name verb`, a capitalised sentence or header, `key: value`, a number or hash, a bare
// word. A line that is neither stays a command, as bash would read it (`setsid sleep 1 &`, a
// tool the list lacks, with its arguments): a block is not refused for such a command.
import { PROGRAMS, SHELL_WORDS } from './known-programs.ts';

export type LineKind = 'command' | 'output' | 'unknown';

/** Words that run the command after them: `sudo`, `env`, `VAR=value`. */
const PASS_THROUGH = /^(?:sudo|env|command|exec|nohup|time|[A-Za-z_]\w*=\S*)$/;

/** The line's command word, past `sudo`, `VAR=value` and the like; '' when there is none. */
function firstWord(line: string): string {
  const words = line.trim().split(/\s+/);
  return words.find((word) => !PASS_THROUGH.test(word)) ?? (words.length && PASS_THROUGH.test(words[0] as string) ? 'env' : '');
}

/** Is the line's first word one a note types as a command (`names`: the note's and block's aliases and functions)? */
export function isCommandLine(line: string, names: ReadonlySet<string> | Readonly<Record<string, string>> = new Set()): boolean {
  // `pod=$(kubectl get po …)`: an assignment is a command of its own, whatever its value holds.
  if (/^\s*[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=/.test(line)) return true;
  const word = firstWord(line).replace(/[;&|]+$/, '');
  if (!word) return false;
  const known = names instanceof Set ? names.has(word) : Object.hasOwn(names, word);
  if (known || PROGRAMS.has(word) || SHELL_WORDS.has(word) || /^[([{$"'`]/.test(word)) return true;
  // A path: `./run.sh`, `../bin/x`, `/usr/bin/env`, `~/bin/x`.
  if (/^(?:\.{1,2}|~)?\/[\w./-]*$/.test(word)) return true;
  return /^[A-Za-z_][\w-]*\(\)/.test(word);
}

/** Shapes of what programs print, never of a command a note types. */
const OUTPUT_SHAPES: readonly RegExp[] = [
  // Table columns two or more spaces (or a tab) apart: `kubia-53thy   1/1   Running   0   6m`.
  /^\s*\S+(?: \S+)*(?: {2,}|\t)\S/,
  // `pod/kubia created`, `deployment.apps/kubia configured`, `pod/kubia-x` (-o name).
  /^\s*[a-z][\w.-]*\/[\w.:-]+(?:\s+[a-z]+(?:\s+\(.*\))?)?\s*$/,
  // kubectl before 1.10: `pod "kubia" deleted`.
  /^\s*[a-z][\w.-]* "[^"]+" [a-z]+\s*$/,
  // A sentence, header or label: `NAME READY`, `Kubia server starting...`, `Error from server`.
  /^\s*[A-Z]/,
  // `key: value` and `sha256:…`, `http://…`: a first word with a colon in it.
  /^\s*[^\s:=/'"`$]+:/,
  // One bare word no program of the note is named: a name it printed (`kubia-manual`, `hello`).
  /^\s*[\w.-]+\s*$/,
  // A number, an address, a version, a container id: `10.244.1.5`, `200`, `4f1a0b2c3d4e…`.
  /^\s*\d/,
  /^\s*[0-9a-f]{12,64}\s*$/,
  // A dash never starts a command: `- name: x`, `-rw-r--r--`, ` ---> d64d`; nor a diff line or markup: `+ added`, `<html>`, `@@`.
  /^\s*(?:-|[+*@%=]|<[A-Za-z!/])/,
];

const JSON_KEY = /^\s*"[^"]*"\s*:/;

/** Does the line have the shape of something a program printed? */
export const looksLikeOutput = (line: string) => OUTPUT_SHAPES.some((shape) => shape.test(line));

/** The line as the rule reads it: a command, output, or neither (which is read as a command). */
export function lineKind(line: string, names: ReadonlySet<string> | Readonly<Record<string, string>> = new Set()): LineKind {
  // JSON output (`"kind": "Pod",`) starts like a quoted command word; no command goes on with `:`.
  if (JSON_KEY.test(line)) return 'output';
  if (isCommandLine(line, names)) return 'command';
  return looksLikeOutput(line) ? 'output' : 'unknown';
}
