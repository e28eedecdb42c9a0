// A name the author copied from their own output (`kubectl logs kubia-k0xz6`, after pasting
// `kubectl get pods`) names an object that a controller made up on their machine: it never
// exists on ours. new-note gives such a command a lookup of today's object in its place,
// from the same listing the author copied it from, so the block runs as written otherwise.
import type { Aliases } from '../../../src/lib/blocks/program.ts';
import { programWords, subcommandOf, GLOBAL_VALUE_FLAGS } from '../../../src/lib/blocks/program.ts';
import { promptOf } from '../../../src/lib/blocks/prompts.ts';
import { commandsOf } from '../../../src/lib/blocks/shell-words.ts';
import { isTranscript, parseTranscript } from '../../../src/lib/blocks/transcript.ts';
import { addressAt, copiedAddresses, mentions } from './copied-addresses.ts';

/**
 * A controller's name: a prefix, then a random suffix of five (a ReplicaSet's pods: a hash of
 * 8 to 10 with a digit, then five). Any letters and digits: the book's era used another alphabet than today's.
 * The prefix is the shortest, so a Deployment's pods are looked up past the hash of their ReplicaSet.
 */
const GENERATED = /^([a-z0-9](?:[-a-z0-9]*?[a-z0-9])?)-(?:(?=[a-z]*\d)[a-z0-9]{8,10}-)?[a-z0-9]{5}$/;

/** A name replaced: as the author wrote it, and the lookup that stands in for it. */
export interface CopiedName {
  /** A controller's or node's name, or an address its cluster gave (copied-addresses.ts). */
  what: 'name' | 'address';
  name: string;
  lookup: string;
  /** The author's command, as written. */
  command: string;
  /** 1-based line of the transcript text the command starts on. */
  line: number;
}

/** `kubectl get pods …` → `pods`: the kind of objects a pasted listing shows. */
function listedKind(command: string, aliases: Aliases): string | undefined {
  const [first] = commandsOf(command);
  if (!first) return undefined;
  const [program, ...args] = programWords(first, aliases);
  if (program !== 'kubectl') return undefined;
  const { name, rest } = subcommandOf(args, GLOBAL_VALUE_FLAGS.kubectl ?? []);
  const kind = rest.find((word) => !word.startsWith('-'));
  return name === 'get' && kind && /^[a-z.]+$/.test(kind) ? kind : undefined;
}

/** Reads a note's transcripts in order and replaces, in each command, names copied from an earlier listing. */
export class CopiedNames {
  /** Names seen in pasted listings → the lookup of today's object in their place. */
  readonly #listed = new Map<string, string>();
  /** Addresses seen in pasted listings → the lookup of the same cell today. */
  readonly #addresses = new Map<string, string>();
  /** Everything the note itself writes (files, commands): a name found there is the note's own, not generated. */
  readonly #own: string[];
  readonly #aliases: Aliases;

  constructor(ownTexts: Iterable<string>, aliases: Aliases) {
    this.#own = [...ownTexts];
    this.#aliases = aliases;
  }

  /** The lookup of today's object of `kind` whose name starts as `name`'s did. */
  static lookup(kind: string, name: string): string {
    const prefix = (GENERATED.exec(name)?.[1] as string).replace(/\./g, '\\.');
    return `$(kubectl get ${kind} -o name | cut -d/ -f2 | grep -m1 '^${prefix}-')`;
  }

  /** The lookup of today's node in the row the author's node had: node names are the cloud's (gke-kubia-…-0rrx). */
  static nodeLookup(kind: string, row: number): string {
    return `$(kubectl get ${kind} -o name | cut -d/ -f2 | sed -n ${row}p)`;
  }

  /**
   * The block with copied names replaced in its commands, and which were: a transcript's
   * commands (their prompt lines), or each line of a block of bare commands.
   */
  rewrite(code: string): { text: string; replaced: CopiedName[] } {
    const lines = code.split('\n');
    const commands = isTranscript(code) ? parseTranscript(code, 0) : lines.map((line, i) => ({ command: line, pasted: '', line: i + 1 }));
    const replaced: CopiedName[] = [];
    for (const command of commands) {
      const at = command.line - 1;
      let runs = command.command;
      const typed = (lines[at] as string).replace(/^\s*/, '').slice(promptOf(lines[at] as string)?.prompt.length ?? 0);
      const found = new Set(typed.split(/\s+/).filter((word) => this.#listed.has(word) && !this.#own.some((text) => text.includes(word))));
      for (const name of found) {
        const lookup = this.#listed.get(name) as string;
        const word = new RegExp(`(?<=\\s)${name.replace(/\./g, '\\.')}(?=\\s|$)`, 'g');
        lines[at] = (lines[at] as string).replace(word, lookup);
        runs = runs.replace(word, lookup);
        replaced.push({ what: 'name', name, lookup, command: command.command, line: command.line });
      }
      for (const [address, lookup] of this.#addresses) {
        const inLine = addressAt(lines[at] as string, address);
        const inRuns = addressAt(runs, address);
        if (!inLine || !inRuns || this.#own.some((text) => mentions(text, address))) continue;
        lines[at] = (lines[at] as string).replace(inLine, lookup);
        runs = runs.replace(inRuns, lookup);
        replaced.push({ what: 'address', name: address, lookup, command: command.command, line: command.line });
      }
      this.#read(command.command, command.pasted);
      // What runs is the note's own text from here on: a name it still holds is no copy.
      this.#own.push(runs);
    }
    return { text: lines.join('\n'), replaced };
  }

  /** Remembers the names of a pasted listing: a controller's (`kubectl get pods`), or every node's, by its row. */
  #read(command: string, pasted: string): void {
    const kind = listedKind(command, this.#aliases);
    if (!kind) return;
    const nodes = /^(?:no|nodes?)$/.test(kind);
    const names = pasted.split('\n').map((line) => line.trim().split(/\s+/)[0]?.replace(/^[\w.]+\//, '') ?? '').filter((name) => /^[a-z0-9][-a-z0-9.]*$/.test(name));
    names.forEach((name, i) => {
      if (nodes) this.#listed.set(name, CopiedNames.nodeLookup(kind, i + 1));
      else if (GENERATED.test(name)) this.#listed.set(name, CopiedNames.lookup(kind, name));
    });
    const nameOf = (name: string) => this.#listed.get(name) ?? name;
    for (const [address, lookup] of copiedAddresses(kind, pasted, nameOf)) this.#addresses.set(address, lookup);
  }
}
