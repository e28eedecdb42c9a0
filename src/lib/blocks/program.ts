// Which program a simple command runs, and with which subcommand, past what only passes the
// command on (`sudo`, `env`, `VAR=value`) and through the note's aliases. One reading for the
// checks of what a block runs (block-commands.ts) and the meta inferred from it (inferred-meta.ts).
import { DOCKER_GLOBAL } from './docker-args.ts';
import type { ShellCommand } from './shell-words.ts';

/** Words that run the command after them as it is: `sudo`, `env`, `VAR=value`. */
const PASS_THROUGH = /^(?:sudo|env|command|exec|[A-Za-z_]\w*=.*)$/;

/** A note's aliases (front matter `aliases:`): name → the command text it stands for. */
export type Aliases = Readonly<Record<string, string>>;

/** Bounds alias chains (`k` → `kc` → `kubectl`) and ends a loop (`a` → `b` → `a`). */
const MAX_ALIAS_DEPTH = 8;

/** The command a line runs, past `sudo`, `env`, variable assignments and the note's aliases. */
export function programWords(command: ShellCommand, aliases: Aliases = {}): string[] {
  let words = command.words.map((word) => word.text);
  for (let depth = 0; depth <= MAX_ALIAS_DEPTH; depth++) {
    const start = words.findIndex((word) => !PASS_THROUGH.test(word));
    if (start < 0) return [];
    words = words.slice(start);
    const name = words[0] as string;
    if (!Object.hasOwn(aliases, name) || depth === MAX_ALIAS_DEPTH) return words;
    words = [...(aliases[name] as string).split(/\s+/).filter(Boolean), ...words.slice(1)];
  }
  return words;
}

/** Global flags that take the next word as their value, before the subcommand. */
export const GLOBAL_VALUE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  kubectl: ['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--as'],
  docker: [...DOCKER_GLOBAL.values],
};

/** `kubectl -n x get po -w` → `get`, and the words after it. */
export function subcommandOf(args: readonly string[], valueFlags: readonly string[]): { name: string; rest: string[] } {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (valueFlags.includes(arg)) i++;
    else if (!arg.startsWith('-')) return { name: arg, rest: args.slice(i + 1) };
  }
  return { name: '', rest: [] };
}
