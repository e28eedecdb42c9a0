import type { Block } from '../../../src/lib/blocks/block.ts';
import { commandsOf, type ShellCommand, type ShellWord } from '../../../src/lib/blocks/shell-words.ts';
import { dockerHazard, type Hazard, outsideWorkDir, ownedBy, type Say } from './docker-isolation.ts';
import { noteLineOf } from '../../../src/lib/blocks/transcript.ts';
import type { Placement } from '../core/results.ts';

export { ownedBy };
export type { Placement } from '../core/results.ts';

const setOf = (list: string) => new Set(list.split(/\s+/));
/** Commands that only read and write the note's own files and output, or wait: nothing to collide with. */
const LOCAL = setOf(`: true false echo printf cd pwd set unset export local declare readonly read shift
  return exit wait trap test [ [[ break continue let kill sleep type
  cat head tail grep egrep fgrep sed awk cut tr sort uniq wc tee diff cmp comm paste join fold nl
  rev column jq base64 sha256sum sha1sum md5sum od xxd hexdump strings ls cp mv rm mkdir rmdir
  touch ln chmod stat basename dirname realpath readlink seq date expr bc tar gzip gunzip zcat
  file du mktemp printenv id whoami uname nproc yes curl wget`);
/** Of those, the ones whose path arguments are written (or, for cd, where the next ones are). */
const WRITERS = setOf('cd cp mv rm mkdir rmdir touch ln chmod tee tar gzip gunzip');
/** Options whose value is a file written (`curl -o`, `wget -O`); their other arguments are URLs. */
const OUTPUT_OPTIONS = setOf('-o --output -O --output-document');
/** Shell keywords before a command (`if docker …`, `! grep …`). */
const KEYWORDS = setOf('! { } if then else elif fi while until do done esac');
/** Loop and case headers: their words are a list, no command (what `$( … )` runs in them is read on its own). */
const HEADERS = setOf('for select case');
/** Commands that run the command after their own options. */
const WRAPPERS = setOf('sudo command builtin exec time nohup nice env timeout stdbuf');
const SHELLS = setOf('bash sh dash zsh ksh');
const ASSIGNMENT = /^[A-Za-z_]\w*=/;
/** Another engine or client config: outside what this run locks and sweeps. */
const OTHER_ENGINE = /^DOCKER_(HOST|CONTEXT|CONFIG|CERT_PATH|TLS_VERIFY)=/;

/** The command itself and its arguments, past keywords, assignments and wrappers (`FOO=1 sudo timeout 5 docker …`). */
function commandWords(words: readonly ShellWord[]): ShellWord[] {
  let rest = [...words];
  for (let guard = 0; guard < 16 && rest[0]; guard++) {
    const first = rest[0].text;
    if (HEADERS.has(first)) return [];
    if (KEYWORDS.has(first) || ASSIGNMENT.test(first)) rest = rest.slice(1);
    else if (WRAPPERS.has(first)) {
      rest = rest.slice(1);
      // Their options (and an env's assignments, timeout's duration); an option's value read
      // as the command is a command this analysis does not know: the note runs alone.
      while (rest[0] && (rest[0].text.startsWith('-') || ASSIGNMENT.test(rest[0].text))) rest = rest.slice(['-n', '-u', '--unset', '-C', '--chdir', '-s', '--signal', '-k', '--kill-after'].includes(rest[0].text) ? 2 : 1);
      if (first === 'timeout') rest = rest.slice(1);
    } else break;
  }
  return rest;
}

const say = (where: string): Say => (en, ko) => ({ en: `${where}: ${en}`, ko: `${where}: ${ko}` });

/** Why one command might touch or see another note's objects, or undefined. */
function commandHazard(note: string, { words: all, writes }: ShellCommand, where: string): Hazard | undefined {
  const hazard = say(where);
  const engine = all.find((w) => OTHER_ENGINE.test(w.text));
  if (engine) return hazard(`\`${engine.text.split('=')[0]}\` points docker at another engine or config`, `\`${engine.text.split('=')[0]}\`가 도커를 다른 엔진이나 설정으로 돌립니다`);
  const written = writes.find(outsideWorkDir);
  if (written) return hazard(`writes ${outsideWorkDir(written)}`, `\`${written.text}\`에 씁니다(작업 디렉터리 밖이거나 실행해야 알 수 있는 경로)`);
  const [command, ...args] = commandWords(all);
  if (!command) return undefined;
  const shown = `\`${[command, ...args].map((w) => w.text).join(' ').slice(0, 60)}\``;
  if (command.dynamic) return hazard(`${shown} runs a command only known when it runs`, `${shown}는 실행해야 알 수 있는 명령입니다`);
  const program = command.text.replace(/^\/(usr\/)?(local\/)?s?bin\//, '');
  if (program === 'docker') return dockerHazard(note, args, hazard);
  if (SHELLS.has(program)) {
    // `bash -c '…'` with a literal script is read like a block; a script file or stdin is not.
    const flag = args.findIndex((w) => /^-[a-z]*c[a-z]*$/.test(w.text));
    const script = flag === -1 ? undefined : args[flag + 1];
    if (!script || script.dynamic) return hazard(`\`${program}\` runs a script this analysis does not read`, `\`${program}\`가 이 분석이 읽지 못하는 스크립트를 실행합니다`);
    for (const inner of commandsOf(script.text)) {
      const found = commandHazard(note, inner, where);
      if (found) return found;
    }
    return undefined;
  }
  if (!LOCAL.has(program)) return hazard(`\`${program}\` is not a command this analysis knows (it may run docker, serve on a host port, or reach other notes' processes and files)`, `\`${program}\`는 이 분석이 모르는 명령입니다(도커를 실행하거나 호스트 포트를 열거나 다른 노트의 프로세스·파일에 닿을 수 있음)`);
  if (args.some((w) => /\bdocker\b/.test(w.text) || (program === 'awk' && /\bsystem\s*\(/.test(w.text)))) return hazard(`passes docker (or a command) to \`${program}\`, which this analysis does not follow`, `\`${program}\`에 도커(또는 명령)를 넘기는데, 이 분석은 따라가지 않습니다`);
  if (program === 'kill' && args.some((w) => !w.dynamic && /^\d+$/.test(w.text))) return hazard('kills a process by a fixed pid, which may be another note\'s', '는 고정된 pid의 프로세스를 죽입니다(다른 노트의 것일 수 있음)');
  // `cd` alone goes home; the files written after it are there.
  const paths = WRITERS.has(program) ? args : args.filter((_, i) => OUTPUT_OPTIONS.has(args[i - 1]?.text ?? ''));
  const path = program === 'cd' && !args.length ? { text: '~', dynamic: false } : paths.find(outsideWorkDir);
  if (path) return hazard(`\`${program}\` reaches ${outsideWorkDir(path)}`, `\`${program}\`가 \`${path.text}\`에 닿습니다(작업 디렉터리 밖이거나 실행해야 알 수 있는 경로)`);
  return undefined;
}

/** Why the note's run blocks might touch another note's objects: the first thing found, or undefined. */
export function sharedState(note: string, blocks: readonly Block[]): Hazard | undefined {
  for (const block of blocks.filter((b) => b.kind === 'run')) {
    for (const command of commandsOf(block.code)) {
      const hazard = commandHazard(note, command, `${block.source}:${noteLineOf(block, command.line)}`);
      if (hazard) return hazard;
    }
  }
  return undefined;
}

/** Where a note runs with --jobs: beside others, or alone (and why). */
/**
 * May a note run beside other notes (--jobs)? Only when nothing it does can touch what
 * another note does, or see it:
 * - a note with a Kubernetes block never: its leftover check compares the whole cluster
 *   (namespaces, cluster-scoped objects, node labels) before and after it;
 * - a Docker note when its frontmatter says `isolated: true` (the author vouches), or when
 *   every command of its run blocks is one this analysis reads to the end: docker commands
 *   that name only objects of its own (docker-isolation.ts), and a short list of commands
 *   that only work on the note's files and output (`echo`, `grep`, `curl`…), writing nothing
 *   outside its work dir. Anything else makes it run alone, and says why: a program the list
 *   does not know (`node server.js` may take a host port, `make` or `./run.sh` may run
 *   docker), an alias or function, `eval`, `source`, a shell reading a script or its stdin.
 *   A file block does nothing by itself: what runs it is one of those commands.
 * Every reason is given in the CLI's English and the job summary's Korean.
 */
export function placementOf(note: string, blocks: readonly Block[], declaredIsolated: boolean): Placement {
  const needs = new Set(blocks.flatMap((b) => b.meta.needs));
  if (needs.has('kind')) return { mode: 'sequential', reason: 'needs kind: its leftover check compares the whole cluster before and after the note', reasonKo: 'kind가 필요함: 남은 것 검사가 노트 전후의 클러스터 전체를 비교합니다' };
  if (declaredIsolated) return { mode: 'parallel', reason: 'its frontmatter declares isolated: true', reasonKo: '프런트매터에 isolated: true' };
  const hazard = sharedState(note, blocks);
  if (hazard) return { mode: 'sequential', reason: hazard.en, reasonKo: hazard.ko };
  return needs.has('docker')
    ? { mode: 'parallel', reason: `its docker commands name only its own objects (names that start with "${note}-" or "kn-${note}-")`, reasonKo: `도커 명령이 노트 자신의 오브젝트("${note}-"나 "kn-${note}-"로 시작하는 이름)만 씁니다` }
    : { mode: 'parallel', reason: 'needs neither Docker nor kind', reasonKo: 'Docker도 kind도 쓰지 않습니다' };
}

/**
 * The placements of a run's notes. A note whose name begins another's (week-1, week-1-b; a
 * note named kn) would own that note's objects too (`kn-week-1-b-web` starts with
 * "kn-week-1-"), so it runs alone; the other one can still run beside the rest.
 */
export function placementsOf(notes: ReadonlyArray<{ note: string; blocks: readonly Block[]; isolated: boolean }>): Map<string, Placement> {
  const placements = new Map(notes.map((n) => [n.note, placementOf(n.note, n.blocks, n.isolated)]));
  for (const [note, placement] of placements) {
    const longer = notes.find((other) => other.note !== note && (ownedBy(note, other.note) || ownedBy(note, `kn-${other.note}`)));
    if (placement.mode === 'parallel' && longer) placements.set(note, { mode: 'sequential', reason: `its name begins note ${longer.note}'s objects' names: they cannot be told apart`, reasonKo: `이름이 노트 ${longer.note}의 오브젝트 이름 앞부분과 같아 둘을 구별할 수 없습니다` });
  }
  return placements;
}
