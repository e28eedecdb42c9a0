import type { Root } from 'mdast';
import { BlockError } from './block-error.ts';
import { frontMatterField } from './frontmatter-field.ts';
import { programWords, type Aliases } from './program.ts';
import { commandsOf } from './shell-words.ts';

/**
 * `aliases: { k: kubectl }` in a note's front matter: written once, applied in every run block
 * (the runner defines each as a shell function before the block: `k() { kubectl "$@"; }`),
 * seen through by the block model (ids, needs, the checks of what a block runs), and shown
 * once at the top of the page. The site's zod schema (src/schemas/note.ts) reads the same field.
 */

/** What bash accepts as a function name that a reader would also type as a command. */
const ALIAS_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The note's aliases; a malformed one is an error at the front matter's line, and left out. */
export function aliasesOf(tree: Root, source: string, errors: BlockError[]): Aliases {
  const field = frontMatterField(tree, 'aliases');
  if (!field) return {};
  const { value, line } = field;
  const hint = 'write aliases: { k: kubectl }: a name a reader types, and the command it stands for';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push(new BlockError(source, line, 'aliases: is not a map of names to commands', hint));
    return {};
  }
  const aliases: Record<string, string> = {};
  for (const [name, command] of Object.entries(value)) {
    if (!ALIAS_NAME.test(name)) errors.push(new BlockError(source, line, `aliases: "${name}" is not a name a shell can define`, `use letters, digits, _ and -, starting with a letter; ${hint}`));
    else if (typeof command !== 'string' || !command.trim()) errors.push(new BlockError(source, line, `aliases: ${name} stands for no command`, hint));
    else aliases[name] = command.trim();
  }
  return aliases;
}

/** The aliases a block's commands call (and the ones those call): what its hash and output depend on. */
export function aliasesUsed(code: string, aliases: Aliases): Record<string, string> {
  const used: Record<string, string> = {};
  const pending = commandsOf(code).map((command) => programWords(command)[0] ?? '');
  for (let guard = pending.length + Object.keys(aliases).length; pending.length && guard > 0; guard--) {
    const name = pending.pop() as string;
    if (!Object.hasOwn(aliases, name) || Object.hasOwn(used, name)) continue;
    used[name] = aliases[name] as string;
    pending.push(((aliases[name] as string).split(/\s+/)[0]) ?? '');
  }
  return Object.fromEntries(Object.entries(used).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The shell functions that apply a note's aliases in a session (block-prelude order: after it). */
export function aliasPrelude(aliases: Aliases): string {
  return Object.entries(aliases)
    .map(([name, command]) => `${name}() { ${command} "$@"; }`)
    .join('\n');
}
