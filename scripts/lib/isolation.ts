import type { Block } from '../../src/lib/blocks/block.ts';
import { commandsOf, type ShellWord } from '../../src/lib/blocks/shell-words.ts';

/**
 * May a note run beside other notes (--jobs)? Only when nothing it does can touch what
 * another note does, or see it:
 * - a note with a Kubernetes block never: its leftover check compares the whole cluster
 *   (namespaces, cluster-scoped objects, node labels) before and after it;
 * - a Docker note when its frontmatter says `isolated: true` (the author vouches), or when
 *   every docker command in its blocks names only objects of its own: container, image,
 *   network and volume names that carry the note's name (`kn-week-03-web`), no published
 *   host port, no mount, no listing of the whole engine (`docker ps` without a filter on its
 *   own names), nothing removed that is not its own, and no name this reading cannot see
 *   (`$NAME`, `$(…)`, docker through eval or xargs). Anything it does not understand makes
 *   the note run alone.
 * Every reason is given in the CLI's English and the job summary's Korean.
 */
export interface Placement {
  mode: 'parallel' | 'sequential';
  reason: string;
  /** The same reason in Korean, for the job summary. */
  reasonKo: string;
}

interface Hazard {
  en: string;
  ko: string;
}

/** Does this object name carry the note's name (as a whole word: week-1 is not in week-10)? */
export function ownedBy(note: string, name: string): boolean {
  const bare = name.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[\w.-]+$/, '');
  const escaped = note.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`, 'i').test(bare);
}

/** Options of `docker run`/`create` that take no value (the rest take the next word). */
const RUN_FLAGS = new Set(['-d', '--detach', '--rm', '-i', '--interactive', '-t', '--tty', '-it', '-ti', '-dit', '-itd', '-td', '-dt', '--init', '--privileged', '--read-only', '-q', '--quiet', '--no-healthcheck', '--oom-kill-disable', '--sig-proxy', '--help']);
const BUILD_FLAGS = new Set(['-q', '--quiet', '--no-cache', '--pull', '--rm', '--force-rm', '--squash', '--compress', '--load', '--push']);
/** Subcommands whose every positional argument names an object that must be the note's own. */
const OWN_OBJECTS = new Set(['rm', 'stop', 'start', 'restart', 'kill', 'pause', 'unpause', 'wait', 'logs', 'port', 'top', 'attach', 'diff', 'export', 'rename', 'update', 'rmi', 'commit', 'stats']);
/** Subcommands that act on the object named first and pass the rest to it. */
const FIRST_OWN = new Set(['exec']);
/** Read-only, about the engine or a shared image: nothing to collide with. */
const HARMLESS = new Set(['version', 'pull', 'history', 'save', 'search']);
/** Listings of the whole engine: their output shows the other notes' objects. */
const LISTINGS = new Set(['ps', 'images', 'ls', 'df', 'events', 'info']);
const PREFIXES = new Set(['sudo', 'command', 'exec', 'time', 'nohup', '!', '{', '}', 'if', 'then', 'else', 'elif', 'while', 'until', 'do', 'done', 'fi']);
/** Commands that reach beyond the note's own processes and files. */
const MACHINE_WIDE = new Set(['pkill', 'killall', 'iptables', 'systemctl', 'service', 'kind', 'kubectl', 'ip']);

const quote = (words: readonly ShellWord[]) => words.map((w) => w.text).join(' ');

/** The positional arguments of a docker subcommand, skipping options (and their values unless boolean). */
function positionals(args: readonly ShellWord[], flags: ReadonlySet<string>): { positional: ShellWord[]; options: Array<[string, ShellWord | undefined]> } {
  const positional: ShellWord[] = [];
  const options: Array<[string, ShellWord | undefined]> = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as ShellWord;
    if (positional.length && (flags === RUN_FLAGS)) {
      // After the image of `docker run`, the rest is the container's command.
      positional.push(word);
      continue;
    }
    if (word.text === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!word.text.startsWith('-') || word.text === '-') {
      positional.push(word);
      continue;
    }
    const [name, inline] = word.text.split(/=(.*)/s) as [string, string | undefined];
    if (inline !== undefined) options.push([name, { text: inline, dynamic: word.dynamic }]);
    else if (flags.has(name) || /^-[a-z]{2,}$/.test(name) && [...name.slice(1)].every((c) => flags.has(`-${c}`))) options.push([name, undefined]);
    else options.push([name, args[++i]]);
  }
  return { positional, options };
}

function dockerHazard(note: string, args: ShellWord[], where: { en: string; ko: string }): Hazard | undefined {
  const shown = `docker ${quote(args)}`.slice(0, 80);
  const hazard = (en: string, ko: string): Hazard => ({ en: `${where.en}: \`${shown}\` ${en}`, ko: `${where.ko}: \`${shown}\`${ko}` });
  const foreign = (name: ShellWord, what = 'names') =>
    name.dynamic
      ? hazard(`${what} \`${name.text}\`, which is only known when it runs`, `의 \`${name.text}\`는 실행해야 알 수 있는 이름입니다`)
      : ownedBy(note, name.text)
        ? undefined
        : hazard(`${what} \`${name.text}\`, not the note's own (its objects' names carry "${note}")`, `의 \`${name.text}\`는 노트 자신의 이름이 아닙니다("${note}"가 들어간 이름만)`);
  // Global options: another engine or config is outside what this run locks.
  while (args[0]?.text.startsWith('-')) {
    const option = args.shift() as ShellWord;
    if (/^(-H|--host|--context|-c|--config)(=|$)/.test(option.text)) return hazard('talks to another engine or config', '다른 엔진이나 설정을 씁니다');
    if (/^(-l|--log-level)$/.test(option.text)) args.shift();
  }
  let sub = args.shift();
  if (!sub) return undefined;
  if (sub.dynamic) return hazard('has a subcommand only known when it runs', '의 하위 명령은 실행해야 알 수 있습니다');
  let group = '';
  if (['container', 'image', 'network', 'volume'].includes(sub.text)) {
    group = sub.text;
    sub = args.shift();
    if (!sub) return undefined;
    if (group === 'image' && sub.text === 'rm') sub = { text: 'rmi', dynamic: false };
    if (group === 'image' && sub.text === 'inspect') sub = { text: 'history', dynamic: false };
  }
  const name = sub.text;
  if (name === 'prune' || name === 'system' || name === 'load' || name === 'import') return hazard('removes or loads objects that are not only the note\'s', '는 노트의 것만이 아닌 오브젝트를 지우거나 들입니다');
  if (group && ['create', 'rm'].includes(name) && (group === 'network' || group === 'volume')) {
    const { positional } = positionals(args, new Set(['-f', '--force', '--internal', '--attachable', '--ipv6']));
    for (const object of positional) {
      const problem = foreign(object);
      if (problem) return problem;
    }
    return undefined;
  }
  if ((group === 'network' && (name === 'connect' || name === 'disconnect' || name === 'inspect')) || (group === 'volume' && name === 'inspect')) {
    for (const object of positionals(args, new Set(['-f', '--force'])).positional) {
      const problem = foreign(object);
      if (problem) return problem;
    }
    return undefined;
  }
  if (LISTINGS.has(name) || (group && name === 'list')) {
    const { options } = positionals(args, new Set(['-a', '--all', '-q', '--quiet', '--no-trunc', '-s', '--size', '--digests', '--latest', '-l']));
    const filters = options.filter(([option]) => option === '-f' || option === '--filter').map(([, value]) => value);
    const ownFilter = filters.some((value) => value && !value.dynamic && /^(name|reference|label)=/.test(value.text) && ownedBy(note, value.text.replace(/^\w+=/, '')));
    return ownFilter ? undefined : hazard('lists every object on the engine (the other notes\' too); filter on the note\'s own names', '는 엔진의 모든 오브젝트를 보여 줍니다(다른 노트의 것까지). 노트 자신의 이름으로 거르세요');
  }
  if (name === 'run' || name === 'create') {
    const { positional, options } = positionals(args, RUN_FLAGS);
    for (const [option, value] of options) {
      if (['-p', '--publish', '-P', '--publish-all'].includes(option)) return hazard('publishes a host port, which every note on the machine shares', '는 호스트 포트를 엽니다(기계의 모든 노트가 함께 쓰는 자원)');
      if (['-v', '--volume', '--mount', '--volumes-from', '--tmpfs'].includes(option)) return hazard('mounts a volume or a host path', '는 볼륨이나 호스트 경로를 마운트합니다');
      if (['--pid', '--ipc', '--uts', '--userns', '--cgroupns', '--link', '--device'].includes(option)) return hazard(`shares ${option.slice(2)} with something outside the note`, `는 ${option.slice(2)}을(를) 노트 밖과 나눕니다`);
      if ((option === '--network' || option === '--net') && value && !['bridge', 'none', 'default'].includes(value.text)) {
        if (value.text === 'host') return hazard('uses the host\'s network', '는 호스트 네트워크를 씁니다');
        const problem = foreign(value, 'joins network');
        if (problem) return problem;
      }
      if (option === '--name' && value) {
        const problem = foreign(value, 'names its container');
        if (problem) return problem;
      }
    }
    const image = positional[0];
    return image?.dynamic ? foreign(image, 'runs image') : undefined;
  }
  if (name === 'build' || (group === 'image' && name === 'build')) {
    const { options } = positionals(args, BUILD_FLAGS);
    for (const [option, value] of options) {
      if ((option === '-t' || option === '--tag') && value) {
        const problem = foreign(value, 'tags its image');
        if (problem) return problem;
      }
    }
    return undefined;
  }
  if (name === 'tag') {
    const [, target] = positionals(args, new Set()).positional;
    return target ? foreign(target, 'tags') : hazard('is not understood', '는 이해할 수 없는 명령입니다');
  }
  if (name === 'push') {
    const [target] = positionals(args, new Set(['-a', '--all-tags', '-q', '--quiet'])).positional;
    return target ? foreign(target, 'pushes') : undefined;
  }
  if (name === 'cp') {
    for (const path of positionals(args, new Set(['-a', '--archive', '-L', '--follow-link', '-q', '--quiet'])).positional) {
      if (!path.text.includes(':') || path.text.startsWith('.') || path.text.startsWith('/')) continue;
      const problem = foreign({ ...path, text: path.text.split(':')[0] as string }, 'copies to or from');
      if (problem) return problem;
    }
    return undefined;
  }
  if (OWN_OBJECTS.has(name) || FIRST_OWN.has(name) || name === 'inspect') {
    const flags = new Set(['-f', '--force', '-v', '--volumes', '-a', '--all', '--details', '--timestamps', '-t', '-i', '--interactive', '--tty', '-d', '--detach', '--no-stream', '--privileged', '-s', '--size', '--follow', '--no-prune']);
    if (name === 'inspect' || name === 'logs') flags.delete('-f');
    if (name === 'logs' || name === 'inspect') flags.add('--follow');
    const { positional } = positionals(args, name === 'exec' ? RUN_FLAGS : flags);
    const objects = FIRST_OWN.has(name) ? positional.slice(0, 1) : name === 'commit' ? positional.slice(0, 2) : positional;
    if (!objects.length && name === 'stats') return hazard('shows every container on the engine', '는 엔진의 모든 컨테이너를 보여 줍니다');
    for (const object of objects) {
      const problem = foreign(object);
      if (problem) return problem;
    }
    return undefined;
  }
  if (HARMLESS.has(name)) return undefined;
  return hazard('is a docker command this analysis does not know', '는 이 분석이 모르는 도커 명령입니다');
}

const ASSIGNMENT = /^[A-Za-z_]\w*=/;

/** The command itself and its arguments, past assignments and prefixes (`FOO=1 sudo env -i timeout 5 docker …`). */
function commandWords(words: readonly ShellWord[]): ShellWord[] {
  let rest = [...words];
  for (let guard = 0; guard < 16 && rest[0]; guard++) {
    const first = rest[0].text;
    if (PREFIXES.has(first) || ASSIGNMENT.test(first)) rest = rest.slice(1);
    else if (first === 'env') {
      rest = rest.slice(1);
      while (rest[0] && (rest[0].text.startsWith('-') || ASSIGNMENT.test(rest[0].text))) rest = rest.slice(['-u', '--unset', '-C', '--chdir', '-S'].includes(rest[0].text) ? 2 : 1);
    } else if (first === 'timeout') {
      rest = rest.slice(1);
      while (rest[0]?.text.startsWith('-')) rest = rest.slice(['-s', '--signal', '-k', '--kill-after'].includes(rest[0].text) ? 2 : 1);
      rest = rest.slice(1);
    } else break;
  }
  return rest;
}

/** Why the note's blocks might touch another note's objects: the first thing found, or undefined. */
export function sharedState(note: string, blocks: readonly Block[]): Hazard | undefined {
  for (const block of blocks) {
    for (const { words, line } of commandsOf(block.code)) {
      const at = block.line + 1 + line;
      const where = { en: `${block.source}:${at}`, ko: `${block.source}:${at}` };
      const [command, ...args] = commandWords(words);
      if (!command) continue;
      const program = command.text.replace(/^.*\//, '');
      if (command.dynamic && block.kind === 'run') return { en: `${where.en}: \`${quote([command, ...args]).slice(0, 60)}\` runs a command only known when it runs`, ko: `${where.ko}: \`${quote([command, ...args]).slice(0, 60)}\`는 실행해야 알 수 있는 명령입니다` };
      if (program === 'docker') {
        const hazard = dockerHazard(note, args, where);
        if (hazard) return hazard;
        continue;
      }
      if (MACHINE_WIDE.has(program)) return { en: `${where.en}: \`${program}\` reaches beyond the note's own processes and files`, ko: `${where.ko}: \`${program}\`는 노트 밖의 프로세스·상태에 닿습니다` };
      // docker behind a command that runs another command (eval, xargs, sh -c "…"): not read here.
      if (args.some((w) => /(^|[\s/;&|(`])docker(\s|$)/.test(w.text))) return { en: `${where.en}: \`${program}\` runs docker in a way this analysis does not read`, ko: `${where.ko}: \`${program}\`가 이 분석이 읽지 못하는 방식으로 docker를 실행합니다` };
    }
  }
  return undefined;
}

/** Where a note runs with --jobs: beside others, or alone (and why). */
export function placementOf(note: string, blocks: readonly Block[], declaredIsolated: boolean): Placement {
  const needs = new Set(blocks.flatMap((b) => b.meta.needs));
  if (needs.has('kind')) return { mode: 'sequential', reason: 'needs kind: its leftover check compares the whole cluster before and after the note', reasonKo: 'kind가 필요함: 남은 것 검사가 노트 전후의 클러스터 전체를 비교합니다' };
  if (declaredIsolated) return { mode: 'parallel', reason: 'its frontmatter declares isolated: true', reasonKo: '프런트매터에 isolated: true' };
  const hazard = sharedState(note, blocks);
  if (hazard) return { mode: 'sequential', reason: hazard.en, reasonKo: hazard.ko };
  return needs.has('docker')
    ? { mode: 'parallel', reason: `its docker commands name only its own objects (names with "${note}")`, reasonKo: `도커 명령이 노트 자신의 오브젝트("${note}"가 든 이름)만 씁니다` }
    : { mode: 'parallel', reason: 'needs neither Docker nor kind', reasonKo: 'Docker도 kind도 쓰지 않습니다' };
}
