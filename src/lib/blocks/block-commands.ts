// What a run block's shell asks of its session that a session cannot give: a terminal, an
// editor, a command that never ends, a prompt pasted from the book, a file the note writes
// only later. Each is said at the command's file:line before anything runs; at run time it
// would be a two-minute timeout, a "not a TTY" or a missing file, far from the cause.
import { blockLocation, type Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { executionOrder } from './chain.ts';
import { hasOption, readDocker, staticWords } from './docker-args.ts';
import { GLOBAL_VALUE_FLAGS, programWords, subcommandOf, type Aliases } from './program.ts';
import { promptOf } from './prompts.ts';
import { noteLineOf } from './transcript.ts';
import { commandsOf, type ShellCommand } from './shell-words.ts';

type RunBlock = Pick<Block, 'kind' | 'code' | 'meta' | 'source' | 'line' | 'transcript'>;

/**
 * A command's flags as a tool reads them: `-Aw` is `-A -w`, but the letters after one that
 * takes a value are that value (`-owide` is `-o wide`).
 */
function hasFlag(args: readonly string[], short: string, long: readonly string[], valueLetters: string): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg.startsWith('--')) {
      const [name, value] = arg.slice(2).split('=');
      if (long.includes(name ?? '') && value !== 'false') return true;
      continue;
    }
    if (!/^-[A-Za-z]+$/.test(arg)) continue;
    for (const letter of arg.slice(1)) {
      if (letter === short) return true;
      if (valueLetters.includes(letter)) break;
    }
  }
  return false;
}

/** The first word that is not a flag: the pod or container a command names. */
const targetOf = (args: readonly string[]) => args.find((arg) => !arg.startsWith('-')) ?? 'POD';

interface Finding {
  problem: string;
  hint: string;
  /** `endless` may stand in a background block or be bounded; `follow` also by timeout=. */
  kind: 'terminal' | 'editor' | 'endless' | 'follow' | 'prompt';
}

function kubectlFinding(shown: string, args: readonly string[]): Finding | undefined {
  const { name, rest } = subcommandOf(args, GLOBAL_VALUE_FLAGS.kubectl ?? []);
  if (['exec', 'run', 'attach'].includes(name) && hasFlag(rest, 't', ['tty'], 'cnlf')) {
    const hint =
      name === 'exec'
        ? `drop -it and give exec the command to run, e.g. \`kubectl exec ${targetOf(rest)} -- ps aux\`: its output is recorded`
        : name === 'run'
          ? 'drop -t: `kubectl run -i --rm --restart=Never …` prints what the pod prints, or read it with `kubectl logs`'
          : 'read what the container prints with `kubectl logs` instead';
    return { kind: 'terminal', problem: `\`${shown}\` needs a terminal: a block runs without one (stdin closed)`, hint };
  }
  if (name === 'edit') {
    return { kind: 'editor', problem: `\`${shown}\` opens an editor and waits for it: nobody types in a block`, hint: 'change the object with `kubectl patch`, `kubectl label`, `kubectl annotate` or `kubectl scale`, or edit its file= block and `kubectl apply -f` it' };
  }
  if ((name === 'get' || name === 'events') && hasFlag(rest, 'w', ['watch', 'watch-only'], 'olLnfc')) {
    return { kind: 'endless', problem: `\`${shown}\` never ends by itself: it watches until it is stopped`, hint: 'drop -w and let the block wait for the state it shows: `retry=120s until=/Running/` re-runs it until the output matches' };
  }
  if (name === 'port-forward' || name === 'proxy') {
    const ready = name === 'port-forward' ? '/Forwarding from/' : '/Starting to serve/';
    return { kind: 'endless', problem: `\`${shown}\` never ends by itself: it serves until it is stopped`, hint: `make it a background block: \`\`\`sh run id=… needs=kind background ready=${ready} (it is stopped when the note ends)` };
  }
  if (name === 'attach') {
    return { kind: 'endless', problem: `\`${shown}\` never ends by itself: it streams until the container stops`, hint: 'read what the container printed with `kubectl logs` instead' };
  }
  if (name === 'logs' && hasFlag(rest, 'f', ['follow'], 'cln')) {
    return { kind: 'follow', problem: `\`${shown}\` may never end: it follows the log until the container stops`, hint: 'if it ends by itself (a Job\'s pod), say how long it may take with timeout=…s; otherwise drop -f, or make it a background block' };
  }
  return undefined;
}

function dockerFinding(shown: string, args: readonly string[]): Finding | undefined {
  // docker reads no options after the image or container: `docker run busybox ls -lt` has no `-t` of its own.
  const docker = readDocker(staticWords(args));
  const name = docker.subcommand;
  if ((name === 'run' || name === 'exec') && hasOption(docker, '-t', '--tty') && !hasOption(docker, '-d', '--detach')) {
    const container = docker.positional[0]?.text ?? 'POD';
    const hint =
      name === 'exec'
        ? `drop -it and give exec the command to run, e.g. \`docker exec ${container} ps aux\``
        : 'drop -it, or start it with `-d` and read it with `docker logs`';
    return { kind: 'terminal', problem: `\`${shown}\` needs a terminal: a block runs without one (stdin closed), and docker refuses "-t"`, hint };
  }
  if (name === 'logs' && hasOption(docker, '-f', '--follow')) {
    return { kind: 'follow', problem: `\`${shown}\` may never end: it follows the log until the container stops`, hint: 'if the container stops by itself, say how long it may take with timeout=…s; otherwise drop -f, or make it a background block' };
  }
  if (name === 'events' || name === 'attach' || (name === 'stats' && !hasOption(docker, '--no-stream'))) {
    const hint = name === 'stats' ? 'add --no-stream: one reading, then it ends' : 'make it a background block, or bound it: `timeout 10 …`';
    return { kind: 'endless', problem: `\`${shown}\` never ends by itself`, hint };
  }
  return undefined;
}

/** What is wrong with one simple command, if anything. */
function findingOf(command: ShellCommand, aliases: Aliases): Finding | undefined {
  const words = command.words.map((word) => word.text);
  const shown = words.join(' ');
  const [tool, ...args] = programWords(command, aliases);
  if (tool === 'kubectl') return kubectlFinding(shown, args);
  if (tool === 'docker') return dockerFinding(shown, args);
  if (tool === 'tail' && hasFlag(args, 'f', ['follow'], 'nc')) return { kind: 'follow', problem: `\`${shown}\` may never end: it follows the file`, hint: 'drop -f, or make it a background block' };
  if (tool === 'watch') return { kind: 'endless', problem: `\`${shown}\` never ends by itself`, hint: 'run the command once; to wait for a state, use `retry=120s until=/…/`' };
  return undefined;
}

/** A finding stands unless the block (or the shell line) already answers it. */
function answered(finding: Finding, command: ShellCommand, block: RunBlock): boolean {
  const background = block.meta.background || command.sentToBackground === true;
  const expectsFailure = block.meta.expectedExit !== 0;
  switch (finding.kind) {
    case 'terminal':
    case 'editor':
      return expectsFailure;
    case 'endless':
      return background;
    case 'follow':
      return background || block.meta.timeoutMs !== undefined;
    case 'prompt':
      return false;
  }
}

/** Commands run through `timeout N`: bounded by the author, whatever they are. */
function boundedCommand(command: ShellCommand, aliases: Aliases): boolean {
  return programWords(command, aliases)[0] === 'timeout';
}

/**
 * A prompt pasted before the command (prompts.ts), read from the line as written: the shell
 * would split `bash> kubectl` into `bash` and a redirection, so the words no longer show it.
 */
function promptFinding(command: ShellCommand, lines: readonly string[], seen: Set<number>): Finding | undefined {
  if (seen.has(command.line)) return undefined;
  seen.add(command.line);
  const pasted = promptOf(lines[command.line] ?? '');
  if (!pasted) return undefined;
  return { kind: 'prompt', problem: `\`${pasted.prompt.trim()} ${pasted.command}\` starts with a shell prompt \`${pasted.prompt}\``, hint: `write just the command (\`${pasted.command}\`): every line of a block runs as it stands, and its output is shown under it` };
}

/** Every command of a run block a session cannot run as written, at its own line; the note's aliases are seen through. */
export function commandProblems(block: RunBlock, aliases: Aliases = {}): BlockError[] {
  if (block.kind !== 'run') return [];
  const problems: BlockError[] = [];
  const lines = block.code.split('\n');
  const prompted = new Set<number>();
  for (const command of commandsOf(block.code)) {
    const prompt = promptFinding(command, lines, prompted);
    if (prompt) {
      problems.push(new BlockError(block.source, noteLineOf(block, command.line), prompt.problem, prompt.hint));
      continue;
    }
    if (boundedCommand(command, aliases)) continue;
    const finding = findingOf(command, aliases);
    if (finding && !answered(finding, command, block)) problems.push(new BlockError(block.source, noteLineOf(block, command.line), finding.problem, finding.hint));
  }
  return problems;
}

/** `-f=pod.yaml`, `--filename=./pod.yaml`, `./pod.yaml` → `pod.yaml`. */
const pathIn = (word: string) => word.replace(/^-[\w-]*=/, '').replace(/^(?:\.\/)+/, '');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Does the block's shell write `path` itself (`> pod.yaml`, `>> pod.yaml`, `tee pod.yaml`)? */
function writesItself(code: string, path: string): boolean {
  const target = `['"]?(?:\\./)*${escapeRegExp(path)}['"]?(?=[\\s;&|)]|$)`;
  return new RegExp(`(?:>|\\btee\\s+(?:-a\\s+)?)\\s*${target}`, 'm').test(code);
}

/**
 * A run block using a file that a file block writes only later: the session writes file
 * blocks where they stand, so at this point the file is not there (or is an older version
 * written further up, which is fine and not reported).
 */
export function filesUsedBeforeWritten(blocks: readonly Block[]): BlockError[] {
  const firstWriter = new Map<string, Block>();
  for (const block of blocks) if (block.kind === 'file' && block.meta.file && !firstWriter.has(block.meta.file)) firstWriter.set(block.meta.file, block);
  const written = new Set<string>();
  const problems: BlockError[] = [];
  for (const block of executionOrder(blocks)) {
    if (block.kind === 'file' && block.meta.file) {
      written.add(block.meta.file);
      continue;
    }
    for (const path of firstWriter.keys()) if (writesItself(block.code, path)) written.add(path);
    for (const command of commandsOf(block.code)) {
      const used = command.words.filter((word) => !word.dynamic).map((word) => pathIn(word.text));
      for (const path of new Set(used)) {
        const writer = firstWriter.get(path);
        if (!writer || written.has(path)) continue;
        problems.push(
          new BlockError(block.source, noteLineOf(block, command.line), `uses ${path}, which the file block at line ${writer.line} writes only later`, `move the \`\`\`${writer.lang} file=${path} block above this one: a note's blocks run in the order they stand (${blockLocation(writer)})`),
        );
      }
    }
  }
  return problems;
}
