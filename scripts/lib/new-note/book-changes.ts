// Commands the book (Kubernetes in Action, 1st ed.) prints that today's kubectl refuses, one
// table: how to recognise each on the command's parsed words (program.ts, shell-words.ts),
// its working form when the change is mechanical, and why, in Korean for the note. new-note
// keeps the author's command as a block that records its real failure (`expect=fail`) inside
// a <BookChange>, and runs the working form after it, as week-02's `book-generator` does.
import { GLOBAL_VALUE_FLAGS, programWords, subcommandOf, type Aliases } from '../../../src/lib/blocks/program.ts';
import { commandsOf } from '../../../src/lib/blocks/shell-words.ts';
import { heredocsOf } from '../../../src/lib/blocks/transcript.ts';
import { bookManifest, type ManifestChange } from './book-manifests.ts';

export interface BookEra {
  /** Names the change in block ids (`book-<key>`) and the checklist. */
  key: string;
  /** Does `kubectl <sub> <rest…>` use the book's removed form? */
  recognise(sub: string, rest: readonly string[]): boolean;
  /** The working form's words in place of `<sub> <rest…>`; undefined when no mechanical form exists. */
  fix(sub: string, rest: readonly string[]): string[] | undefined;
  /** Why the book's form fails today and what the working form does, for the note. */
  why: string;
}

/** `--name=value` or `--name value`: the value, and the indices of the words it takes. */
function flagOf(rest: readonly string[], name: string): { value: string; at: number[] } | undefined {
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    if (word === '--') return undefined;
    if (word.startsWith(`${name}=`)) return { value: word.slice(name.length + 1), at: [i] };
    if (word === name && i + 1 < rest.length) return { value: rest[i + 1] as string, at: [i, i + 1] };
  }
  return undefined;
}

const without = (rest: readonly string[], at: readonly number[]) => rest.filter((_, i) => !at.includes(i));

/** `kubectl exec`'s flags that take the next word as their value. */
const EXEC_VALUE_FLAGS = ['-c', '--container', '-f', '--filename', '--pod-running-timeout', ...(GLOBAL_VALUE_FLAGS.kubectl ?? [])];

/** In `exec`'s words, the index of the first word after the pod (the command), when no `--` is written. */
function execCommandAt(rest: readonly string[]): number | undefined {
  let pod = -1;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    if (word === '--') return undefined;
    if (word.startsWith('-')) {
      if (EXEC_VALUE_FLAGS.includes(word)) i++;
      continue;
    }
    if (pod < 0) pod = i;
    else return i;
  }
  return undefined;
}

/** The job `kubectl scale` names (`job NAME`, `jobs NAME`, `job/NAME`, `job.batch/NAME`), if it names one. */
function jobOf(rest: readonly string[]): string | undefined {
  const words = rest.filter((word, i) => !word.startsWith('-') && !(rest[i - 1] === '--replicas'));
  const [first, second] = words;
  if (first && /^jobs?(?:\.batch)?$/.test(first)) return second;
  return first ? /^jobs?(?:\.batch)?\/(.+)$/.exec(first)?.[1] : undefined;
}

/** What `--generator=run/v1` (and the Deployment/Job generators) meant, as today's `kubectl create`. */
function createInstead(rest: readonly string[], generator: { value: string; at: number[] }): string[] | undefined {
  const kind = /^(?:run\/v1|deployment\/)/.test(generator.value) ? 'deployment' : /^job\//.test(generator.value) ? 'job' : undefined;
  const others = without(rest, generator.at);
  const name = others.find((word) => !word.startsWith('-'));
  const image = flagOf(others, '--image');
  if (!kind || !name || !image || others.includes('--')) return undefined;
  const port = flagOf(others, '--port');
  return ['create', kind, name, `--image=${image.value}`, ...(port && kind === 'deployment' ? [`--port=${port.value}`] : [])];
}

export const BOOK_ERA: readonly BookEra[] = [
  {
    key: 'generator-pod',
    recognise: (sub, rest) => sub === 'run' && flagOf(rest, '--generator')?.value === 'run-pod/v1',
    fix: (sub, rest) => [sub, ...without(rest, flagOf(rest, '--generator')?.at ?? [])],
    why: '`--generator` 옵션은 kubectl에서 없어져서 책의 명령은 지금 실행되지 않습니다. 지금의 `kubectl run`은 언제나 파드 하나를 만들므로(책의 `run-pod/v1`이 하던 일) 옵션만 빼면 같은 일을 합니다.',
  },
  {
    key: 'generator',
    recognise: (sub, rest) => sub === 'run' && (flagOf(rest, '--generator')?.value ?? 'run-pod/v1') !== 'run-pod/v1',
    fix: (_, rest) => {
      const generator = flagOf(rest, '--generator');
      return generator && createInstead(rest, generator);
    },
    why: '`--generator` 옵션은 kubectl에서 없어져서 책의 명령은 지금 실행되지 않습니다. 책의 `run/v1`은 레플리케이션컨트롤러를 만들었지만, 지금의 `kubectl run`은 파드 하나만 만듭니다. 책과 같은 것(레플리케이션컨트롤러)은 YAML로만 만들 수 있어서, 명령 하나로 같은 일(레플리카를 유지하는 컨트롤러와 그 파드)을 하는 `kubectl create deployment`를 제안합니다. 레플리케이션컨트롤러가 아니라 디플로이먼트(레플리카셋)가 생기므로, 뒤에서 `rc`를 가리키는 명령(`kubectl expose rc kubia`, `kubectl scale rc kubia`)은 `deployment`로 바꿔야 합니다(디플로이먼트는 책 9장).',
  },
  {
    key: 'exec-dashes',
    recognise: (sub, rest) => sub === 'exec' && execCommandAt(rest) !== undefined,
    fix: (sub, rest) => {
      const at = execCommandAt(rest) as number;
      return [sub, ...rest.slice(0, at), '--', ...rest.slice(at)];
    },
    why: '지금의 kubectl은 파드 이름 뒤의 명령을 `--` 없이 받지 않습니다(`exec [POD] [COMMAND] is not supported anymore`). 파드 이름과 실행할 명령 사이에 `--`를 넣으면 책과 같은 일을 합니다.',
  },
  {
    key: 'show-all',
    recognise: (sub, rest) => sub === 'get' && rest.some((word) => word === '-a' || word === '--show-all' || word.startsWith('--show-all=')),
    fix: (sub, rest) => [sub, ...rest.filter((word) => !(word === '-a' || word === '--show-all' || word.startsWith('--show-all=')))],
    why: '`-a`(`--show-all`) 옵션은 kubectl에서 없어졌습니다. 지금의 `kubectl get`은 끝난 파드(`Completed`)도 언제나 보여 주므로 옵션만 빼면 책과 같은 목록이 나옵니다.',
  },
  {
    key: 'scale-job',
    recognise: (sub, rest) => sub === 'scale' && jobOf(rest) !== undefined,
    fix: (_, rest) => {
      const job = jobOf(rest);
      const replicas = flagOf(rest, '--replicas')?.value;
      return job && replicas && /^\d+$/.test(replicas) ? ['patch', 'job', job, '-p', `{"spec":{"parallelism":${replicas}}}`] : undefined;
    },
    why: '잡을 `kubectl scale`로 바꾸는 기능은 폐기된 뒤 없어졌습니다. 잡에는 `scale` 하위 리소스가 없어서, 지금은 동시에 실행할 파드 수인 `spec.parallelism`을 직접 바꿉니다(`kubectl patch`).',
  },
  {
    key: 'rolling-update',
    recognise: (sub) => sub === 'rolling-update',
    fix: () => undefined,
    why: '`kubectl rolling-update`는 kubectl에서 없어졌습니다(레플리케이션컨트롤러를 클라이언트에서 바꾸던 명령). 지금은 디플로이먼트를 만들고 `kubectl set image deployment/이름 컨테이너=새이미지`로 롤링 업데이트하며 `kubectl rollout status`로 지켜봅니다(책 9장). 노트의 레플리케이션컨트롤러를 디플로이먼트로 바꿔 이어 가세요.',
  },
];

/** A book-era command found in a command's text, and its working form when there is one. */
export interface FoundChange {
  era: Pick<BookEra, 'key' | 'why'>;
  /** How the <BookChange> names both forms, when not by the command (a manifest's apiVersion). */
  label?: { book: string; now: string };
  /** The command text as written. */
  book: string;
  /** The command text with the working form in place; undefined when the change is not mechanical. */
  now?: string;
}

/** A word as bash reads it back unchanged: plain, or single-quoted. */
const quoted = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * Where each of `words` stands in `text`, searched in order from `from`: [start, end) of each,
 * an end taking a closing quote with it. Undefined when a word is not written as read (an
 * escape inside it), and the caller leaves the command as it is.
 */
function located(text: string, words: readonly string[], from = 0): Array<[number, number]> | undefined {
  const spans: Array<[number, number]> = [];
  let at = from;
  for (const word of words) {
    const start = text.indexOf(word, at);
    if (start < 0 || word === '') return undefined;
    let end = start + word.length;
    if (/['"]/.test(text[end] ?? '') && /['"]/.test(text[start - 1] ?? '')) end++;
    spans.push([/['"]/.test(text[start - 1] ?? '') && spans.length ? start - 1 : start, end]);
    at = end;
  }
  return spans;
}

/**
 * The book-era change of one command's text (a transcript's command, or a line of a plain
 * block), if it has one. The working form keeps what came before the subcommand (`sudo`, an
 * alias `k`, `-n ns`) and after the command (`| grep x`, `> out`), and is checked by reading
 * it back: when it does not read as the fixed words, the change is reported without one.
 */
export function bookChangeOf(text: string, aliases: Aliases = {}): FoundChange | undefined {
  const commands = commandsOf(text);
  for (const command of commands) {
    const program = programWords(command, aliases);
    if (program[0] !== 'kubectl') continue;
    const { name, rest } = subcommandOf(program.slice(1), GLOBAL_VALUE_FLAGS.kubectl ?? []);
    const era = BOOK_ERA.find((entry) => entry.recognise(name, rest));
    if (!era) continue;
    const fixed = era.fix(name, rest);
    const words = command.words.map((word) => word.text);
    const spans = fixed && located(text, words);
    // The subcommand is the word `rest.length` from the end of the command as written.
    const subAt = words.length - rest.length - 1;
    if (!fixed || !spans || subAt < 0) return { era, book: text };
    const [start] = spans[subAt] as [number, number];
    const [, end] = spans.at(-1) as [number, number];
    const now = text.slice(0, start) + fixed.map(quoted).join(' ') + text.slice(end);
    const reread = commandsOf(now).some((c) => programWords(c, aliases).join('\u0000').endsWith(fixed.join('\u0000')));
    return reread ? { era, book: text, now } : { era, book: text };
  }
  return undefined;
}

/** A command of a block in the book's form: the author's lines of it, and the change. */
export interface BlockChange extends FoundChange {
  /** The author's lines of the command, verbatim (prompt and continuation; with the pasted output when it leaves the block). */
  bookLines: string[];
}

/** A trailing `\` goes on to the next line, a here-document to its end: the lines of a plain block as bash reads commands. */
function logicalLines(lines: readonly string[]): Array<{ at: number; count: number; text: string }> {
  const groups: Array<{ at: number; count: number; text: string }> = [];
  for (let i = 0; i < lines.length; ) {
    let count = 1;
    while (i + count - 1 < lines.length - 1 && /\\$/.test(lines[i + count - 1] as string)) count++;
    for (const heredoc of heredocsOf(lines.slice(i, i + count).join('\n'))) {
      const end = lines.findIndex((line, n) => n >= i + count && (heredoc.strip ? line.replace(/^\t+/, '') : line) === heredoc.word);
      count = (end < 0 ? lines.length : end + 1) - i;
    }
    groups.push({ at: i, count, text: lines.slice(i, i + count).join('\n') });
    i += count;
  }
  return groups;
}

/** Does the command feed its input to kubectl as a manifest (`kubectl apply -f -`, `kubectl create -f -`)? */
const readsManifest = (text: string, aliases: Aliases) =>
  commandsOf(text).some((command) => {
    const program = programWords(command, aliases);
    return program[0] === 'kubectl' && program.some((word, i) => (word === '-f' && program[i + 1] === '-') || word === '--filename=-' || word === '-f-');
  });

/**
 * A manifest written in a here-document (`cat <<EOF | kubectl apply -f -`) with an apiVersion
 * today's API server no longer serves: the command with the manifest in today's form (book-manifests.ts).
 */
export function heredocManifestChange(text: string, aliases: Aliases = {}): FoundChange | undefined {
  const lines = text.split('\n');
  const [heredoc] = heredocsOf(lines[0] ?? '');
  if (!heredoc || !readsManifest(lines[0] as string, aliases)) return undefined;
  const end = lines.findIndex((line, i) => i > 0 && (heredoc.strip ? line.replace(/^\t+/, '') : line) === heredoc.word);
  if (end < 0) return undefined;
  const manifest = bookManifest(lines.slice(1, end).join('\n'));
  if (!manifest) return undefined;
  const [first] = manifest.changes;
  const { changes } = manifest;
  const label = (version: (c: ManifestChange) => string) => changes.map((c) => `apiVersion: ${version(c)} (${c.kind})`).join(', ');
  return {
    era: { key: first?.era.key ?? 'manifest', why: [...new Set(manifest.changes.map((c) => c.era.why))].join(' ') },
    label: { book: label((c) => c.book), now: label((c) => c.era.now) },
    book: text,
    now: [lines[0], ...manifest.now.replace(/\n$/, '').split('\n'), ...lines.slice(end)].join('\n'),
  };
}

/**
 * A block's code with its book-era commands (and here-document manifests) in their working
 * form, and each change. A command with no mechanical working form leaves the block (its
 * lines, with what the author pasted under it, go to the book's block), so the block runs
 * what works today. `transcript` is a transcript's parsed commands, or undefined for a plain block.
 */
export function withBookChanges(
  code: string,
  transcript: ReadonlyArray<{ command: string; pasted: string; line: number }> | undefined,
  aliases: Aliases = {},
): { code: string; changes: BlockChange[] } {
  const lines = code.split('\n');
  const units = transcript
    ? transcript.map((c) => ({ at: c.line - 1, count: c.command.split('\n').length, text: c.command, pasted: c.pasted ? c.pasted.split('\n').length : 0 }))
    : logicalLines(lines).map((g) => ({ ...g, pasted: 0 }));
  const changes: BlockChange[] = [];
  // From the last command up, so that a change of line count leaves the lines of those before in place.
  for (const unit of [...units].reverse()) {
    const found = bookChangeOf(unit.text, aliases) ?? heredocManifestChange(unit.text, aliases);
    if (!found) continue;
    const raw = lines.slice(unit.at, unit.at + unit.count);
    const old = unit.text.split('\n');
    if (found.now) {
      // Each line keeps what stood before the command on it: indentation, the prompt, a `> `.
      const prefixes = raw.map((line, k) => line.slice(0, line.length - (old[k] as string).length));
      const fixed = found.now.split('\n').map((line, k) => (prefixes[Math.min(k, prefixes.length - 1)] as string) + line);
      lines.splice(unit.at, unit.count, ...fixed);
      changes.unshift({ ...found, bookLines: raw });
    } else {
      changes.unshift({ ...found, bookLines: lines.splice(unit.at, unit.count + unit.pasted) });
    }
  }
  return { code: lines.join('\n'), changes };
}
