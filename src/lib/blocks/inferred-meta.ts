// `run` is enough: a run block without `id=` gets a stable id from its first command, and one
// without `needs=` gets the capabilities its commands use. Applied once, by the block model
// (extract.ts), so the page, its anchors and the runner's recordings all see the same ids.
// What the author writes wins.
import type { Capability, RunMeta } from './meta.ts';
import { tokenizeMeta } from './meta.ts';
import { GLOBAL_VALUE_FLAGS, programWords, subcommandOf, type Aliases } from './program.ts';
import { commandsOf, type ShellCommand } from './shell-words.ts';

/** Commands that prepare a shell rather than do what the block is about: never its name. */
const SETUP = new Set(['cd', 'pushd', 'popd', 'export', 'set', 'unset', 'shopt', 'alias', 'local', 'declare', 'readonly', 'trap', ':', 'true']);

/** `timeout [-s SIG] [-k 5] 10 CMD`, `nohup CMD`, `time CMD`: they run CMD, which is what counts. */
function pastWrappers(words: readonly string[]): string[] {
  let rest = [...words];
  for (let guard = 0; guard < 4; guard++) {
    const [first] = rest;
    if (first === 'nohup' || first === 'time') rest = rest.slice(1);
    else if (first === 'timeout') {
      let i = 1;
      while (rest[i]?.startsWith('-')) i += /^-[sk]$|^--(?:signal|kill-after)$/.test(rest[i] as string) ? 2 : 1;
      rest = rest.slice(i + 1);
    } else break;
  }
  return rest;
}

/** The program and arguments a command really runs, through aliases and wrappers. */
export function realProgram(command: ShellCommand, aliases: Aliases = {}): string[] {
  return pastWrappers(programWords(command, aliases));
}

/** A function definition's first line (`kc() {`, `function kc {`) and whether it closes on it. */
const FUNCTION_START = /^\s*(?:function\s+[A-Za-z_][\w-]*\s*(?:\(\))?|[A-Za-z_][\w-]*\s*\(\))\s*\{/;

/**
 * The code without its function definitions (`kc() { kubectl "$@"; }`, or over lines up to a
 * lone `}`): defining a helper is not what a block is about, so it never names the block.
 */
export function withoutFunctions(code: string): string {
  const kept: string[] = [];
  let inside = false;
  for (const line of code.split('\n')) {
    if (inside) inside = line.trim() !== '}';
    else if (FUNCTION_START.test(line)) inside = !/\}\s*;?\s*$/.test(line);
    else kept.push(line);
  }
  return kept.join('\n');
}

/**
 * The code with each `$( … )` and `` `…` `` left as a word: a lookup inside an argument
 * (`kubectl logs $(kubectl get po -o name | head -1)`) is not what the command does.
 */
export function withoutSubstitutions(code: string): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const open = code.startsWith('$(', i) ? '(' : code[i] === '`' ? '`' : undefined;
    if (!open) {
      out += code[i];
      continue;
    }
    let depth = 1;
    let j = i + (open === '(' ? 2 : 1);
    // Bounded by the code's length: each turn takes one character.
    for (; j < code.length && depth > 0; j++) {
      if (open === '`') depth = code[j] === '`' ? 0 : 1;
      else if (code[j] === '(') depth++;
      else if (code[j] === ')') depth--;
    }
    out += '"$SUB"';
    i = j - 1;
  }
  return out;
}

/** Commands that only hand text to the next one (`cat <<EOF | kubectl apply -f -`): the next one names the block. */
const FEEDERS = new Set(['cat', 'echo', 'printf']);

/** The first command that does what the block is about: past setup, and past a feeder on the line of another command. */
function firstRealCommand(code: string, aliases: Aliases): { command: ShellCommand; words: string[] } | undefined {
  const commands = commandsOf(code).map((command) => ({ command, words: realProgram(command, aliases) }));
  const real = commands.filter(({ words }) => words.length && !SETUP.has(words[0] as string));
  const fed = real.find((c, i) => !(FEEDERS.has(c.words[0] as string) && real[i + 1]?.command.line === c.command.line));
  return fed ?? real[0] ?? commands.find(({ words }) => words.length);
}

const PLAIN_WORD = /^[a-z][a-z0-9-]*$/;

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * What a block's id is made of: its first real command's program and, when it is a plain
 * word, its subcommand (`kubectl get po` → `kubectl-get`, `docker run busybox` → `docker-run`,
 * `curl -s http://…` → `curl`). `cd`, `export` and the like are passed over; `sudo`, `env`,
 * `VAR=…`, `timeout N` and the note's aliases are seen through. A block with no command is `block`.
 */
export function idBase(code: string, aliases: Aliases = {}): string {
  const own = withoutFunctions(code);
  // `POD=$(kubectl get po …)` before anything else: the lookup is what the block does first.
  const stripped = withoutSubstitutions(own);
  const [opening] = commandsOf(stripped).filter((command) => !SETUP.has(realProgram(command, aliases)[0] ?? ''));
  const assignedFirst = opening?.words.every((word) => /^[A-Za-z_]\w*=/.test(word.text) && word.text.includes('$SUB'));
  const first = (assignedFirst ? undefined : firstRealCommand(stripped, aliases)) ?? firstRealCommand(own, aliases);
  if (!first) return 'block';
  const [program = '', ...args] = first.words;
  const dynamic = new Set(first.command.words.filter((word) => word.dynamic).map((word) => word.text));
  const name = slug(program.replace(/^.*\//, ''));
  const { name: sub } = subcommandOf(args, GLOBAL_VALUE_FLAGS[program] ?? []);
  const words = [name, PLAIN_WORD.test(sub) && !dynamic.has(sub) ? sub : ''].filter(Boolean);
  return words.join('-') || 'block';
}

/** What each program asks of the session: the capability a block gets for it. */
const PROGRAM_NEEDS: Readonly<Record<string, Capability>> = { docker: 'docker', kubectl: 'kind', kind: 'kind' };

/** The capabilities a block's commands use, in `CAPABILITIES` order. */
export function inferredNeeds(code: string, aliases: Aliases = {}): Capability[] {
  const found = new Set<Capability>();
  for (const command of commandsOf(code)) {
    const need = PROGRAM_NEEDS[(realProgram(command, aliases)[0] ?? '').replace(/^.*\//, '')];
    if (need) found.add(need);
  }
  return (['docker', 'kind'] as const).filter((capability) => found.has(capability));
}

/**
 * Hands out inferred ids in document order, Runme's way: the first `kubectl-get`, then
 * `kubectl-get-2`, `kubectl-get-3`. Every id the note writes itself is taken from the start,
 * wherever it stands, so an inferred id never collides with an explicit one.
 */
export class IdNamer {
  readonly #taken: Set<string>;

  constructor(explicit: Iterable<string>) {
    this.#taken = new Set(explicit);
  }

  next(base: string): string {
    let id = base;
    for (let n = 2; this.#taken.has(id); n++) id = `${base}-${n}`;
    this.#taken.add(id);
    return id;
  }
}

/** The `id=` values a note's fences write, for `IdNamer`. */
export function explicitIds(metas: ReadonlyArray<string | null | undefined>): string[] {
  return metas.flatMap((meta) => tokenizeMeta(meta ?? '').flatMap((token) => (token.key === 'id' && token.value ? [token.value] : [])));
}

/** A run block's meta with what it leaves out inferred (`inferred` says which). */
export function withInferredMeta(meta: RunMeta, rawMeta: string, code: string, aliases: Aliases, namer: IdNamer): RunMeta {
  if (!meta.run) return meta;
  const inferred: Array<'id' | 'needs'> = [];
  const next = { ...meta };
  if (next.id === undefined) {
    next.id = namer.next(idBase(code, aliases));
    inferred.push('id');
  }
  if (!tokenizeMeta(rawMeta).some((token) => token.key === 'needs')) {
    next.needs = inferredNeeds(code, aliases);
    inferred.push('needs');
  }
  return inferred.length ? { ...next, inferred } : next;
}
