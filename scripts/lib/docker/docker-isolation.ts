import { DOCKER_LISTINGS, DOCKER_NETWORK_OBJECTS, readDocker, type DockerArgs } from '../../../src/lib/blocks/docker-args.ts';
import type { ShellWord } from '../../../src/lib/blocks/shell-words.ts';

/**
 * Does one docker command keep to the note's own objects (isolation.ts)? Its options are
 * read as docker reads them (`-dp 8080:80`, `-p8080:80`, `--publish=8080:80`), by the one
 * reader of docker's grammar (src/lib/blocks/docker-args.ts). For the subcommands that make
 * things (`run`, `create`, `build`, `network`/`volume create`) every option must be one that
 * grammar knows: an unknown one may publish, mount or fix an address.
 * For the others an unknown option is read as taking no value, so that the word after it is
 * checked as an object name (a value taken for a name makes the note run alone, never the
 * other way round).
 */

export interface Hazard {
  en: string;
  ko: string;
}

/** Puts the place (file:line) before a reason, in both languages. */
export type Say = (en: string, ko: string) => Hazard;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Is this object name the note's own? It starts with the note's name, or with `kn-` and the
 * note's name, then a separator or nothing: kn-week-03-web, week-03-app,
 * localhost:5000/week-03-app:v2. Not kn-week-030-web, nor kn-week-02-web for a note named web.
 */
export function ownedBy(note: string, name: string): boolean {
  const bare = name.replace(/@sha256:[0-9a-f]+$/, '').replace(/:[\w.-]+$/, '').replace(/^.*\//, '');
  return new RegExp(`^(kn-)?${escapeRegExp(note)}([-_.]|$)`, 'i').test(bare);
}

/**
 * Why a path that is written may lie outside the note's work dir (absolute but /dev/null and
 * the like, in the home dir, above the work dir), or be only known when it runs (`"$DIR/x"`);
 * undefined for a path in the work dir (`out.txt`, `"out-$i.txt"`, `"$PWD/x"`).
 */
export function outsideWorkDir(word: ShellWord): string | undefined {
  const path = word.text;
  const outside = `\`${path}\`, outside the note's work dir`;
  if (/^(\$HOME\b|\$\{HOME\}|~)/.test(path) || /(^|\/)\.\.(\/|$)/.test(path)) return outside;
  if (path.startsWith('/')) return /^\/dev\/(null|stdout|stderr|tty|fd\/)/.test(path) ? undefined : outside;
  if (word.dynamic && /^[$`]/.test(path) && !/^\$(\{)?(PWD|KUBIA_NOTES_WORKDIR)\b/.test(path)) return `\`${path}\`, a path only known when it runs`;
  return undefined;
}

/** Read-only, about the engine or a shared image: nothing to collide with. */
const HARMLESS = new Set(['version', 'pull', 'history', 'search', 'save', 'image inspect', '--version', '--help']);
/** Listings of the whole engine: their output shows the other notes' objects, unless filtered on the note's own names. */
const LISTINGS = new Set(DOCKER_LISTINGS);
/** Subcommands whose every positional word names an object that must be the note's own. */
const OWN_OBJECTS = new Set('rm kill stop restart start pause unpause wait port top attach diff rename update rmi logs inspect export commit stats exec'.split(' '));
const NETWORK_OBJECTS = new Set(DOCKER_NETWORK_OBJECTS);

/** The value of the first of these options the command carries. */
const valueOf = (read: DockerArgs, ...names: string[]) => read.options.find((option) => names.includes(option.name))?.value;

/** Does a filter value only match the note's own names? */
function ownFilter(note: string, filter: ShellWord): boolean {
  if (filter.dynamic) return false;
  const [, key = '', value = ''] = /^(\w+)=(.*)$/s.exec(filter.text) ?? [];
  const name = escapeRegExp(note);
  // `name=` is a regular expression searched anywhere in the name: "kn-week-1" also finds
  // kn-week-10-web and "-week-1-" kn-xweek-1-web; "^kn-week-1-" or "^week-1$" only its own.
  if (key === 'name') return new RegExp(`^\\^/?(kn-)?${name}([-_]|\\$$)`, 'i').test(value);
  // `reference=` is a glob over the whole reference (its last path part here): "week-1*" also finds week-10.
  if (key === 'reference') return new RegExp(`^(kn-)?${name}([-_:]|$)`, 'i').test(value.replace(/^.*\//, ''));
  return ['label', 'container', 'network', 'volume'].includes(key) && ownedBy(note, value);
}

/** What a `docker run`/`create` option shares with every note on the machine, in both languages. */
function sharedBy(option: string): [en: string, ko: string] | undefined {
  if (['-p', '--publish', '-P', '--publish-all'].includes(option)) return ['publishes a host port, which every note on the machine shares', '는 호스트 포트를 엽니다(기계의 모든 노트가 함께 쓰는 자원)'];
  if (['-v', '--volume', '--mount', '--volumes-from'].includes(option)) return ['mounts a volume or a host path', '는 볼륨이나 호스트 경로를 마운트합니다'];
  const namespaces = ['--pid', '--ipc', '--uts', '--userns', '--cgroupns', '--link', '--device', '--privileged', '--cgroup-parent'];
  if (namespaces.includes(option)) return [`shares ${option.slice(2)} with something outside the note`, `는 ${option.slice(2)}을(를) 노트 밖과 나눕니다`];
  if (['--ip', '--ip6', '--mac-address'].includes(option)) return [`fixes an address (${option}) another note could take`, `는 다른 노트도 쓸 수 있는 주소(${option})를 고정합니다`];
  return undefined;
}

/** Why this docker command (its arguments after `docker`) might touch or see another note's objects, or undefined. */
export function dockerHazard(note: string, args: readonly ShellWord[], say: Say): Hazard | undefined {
  const shown = `\`docker ${args.map((w) => w.text).join(' ')}`.slice(0, 80) + '`';
  const hazard = (en: string, ko: string) => say(`${shown} ${en}`, `${shown}${ko}`);
  const foreign = (name: ShellWord | undefined, what = 'names'): Hazard | undefined => {
    if (!name) return undefined;
    if (name.dynamic) return hazard(`${what} \`${name.text}\`, which is only known when it runs`, `의 \`${name.text}\`는 실행해야 알 수 있는 이름입니다`);
    if (!ownedBy(note, name.text)) return hazard(`${what} \`${name.text}\`, not the note's own (its objects' names start with "${note}-" or "kn-${note}-")`, `의 \`${name.text}\`는 노트 자신의 이름이 아닙니다("${note}-"나 "kn-${note}-"로 시작하는 이름만)`);
    return undefined;
  };
  const outside = (path: ShellWord | undefined) => {
    const where = path && outsideWorkDir(path);
    return where ? hazard(`writes ${where}`, `가 \`${path.text}\`에 씁니다(작업 디렉터리 밖이거나 실행해야 알 수 있는 경로)`) : undefined;
  };
  const unknownOption = (unknown: readonly string[]) => (unknown.length ? hazard(`uses \`${unknown[0]}\`, an option this analysis does not know`, `의 \`${unknown[0]}\`는 이 분석이 모르는 옵션입니다`) : undefined);
  const firstOf = (...found: Array<Hazard | undefined>) => found.find(Boolean);

  // Global options: another engine or config is outside what this run locks.
  const command = readDocker(args);
  const { global, subcommand: name, positional, options, unknown } = command;
  if (global.unknown.length) return unknownOption(global.unknown);
  if (global.options.some(({ name: option }) => ['-H', '--host', '-c', '--context', '--config'].includes(option))) return hazard('talks to another engine or config', '는 다른 엔진이나 설정을 씁니다');
  const [sub, second] = [...global.positional, ...global.command];
  if (!sub) return undefined; // `docker --version`
  if (sub.dynamic || second?.dynamic) return hazard('has a subcommand only known when it runs', '의 하위 명령은 실행해야 알 수 있습니다');

  if (HARMLESS.has(name)) return name === 'save' ? outside(valueOf(command, '-o', '--output')) : undefined;
  if (/(^| )prune$/.test(name) || name === 'load' || name === 'import') return hazard('removes or loads objects that are not only the note\'s', '는 노트의 것만이 아닌 오브젝트를 지우거나 들입니다');
  if (LISTINGS.has(name) || (name === 'stats' && !positional.length)) {
    const filters = options.filter(({ name: option }) => option === '-f' || option === '--filter').map(({ value }) => value as ShellWord);
    // Filters of one key are ORed, of different keys ANDed: one key whose every value is the note's own is enough.
    const keys = new Set(filters.map((f) => f.text.split('=')[0]));
    const ownKey = [...keys].some((key) => filters.filter((f) => f.text.split('=')[0] === key).every((f) => ownFilter(note, f)));
    const ownImages = name === 'images' && positional.some((p) => ownFilter(note, { ...p, text: `reference=${p.text}` }));
    if (ownKey || ownImages) return undefined;
    return hazard('lists every object on the engine (the other notes\' too); filter on the note\'s own names', '는 엔진의 모든 오브젝트를 보여 줍니다(다른 노트의 것까지). 노트 자신의 이름으로 거르세요');
  }
  if (name === 'run' || name === 'create') {
    for (const { name: option, value } of options) {
      const shared = sharedBy(option);
      if (shared) return hazard(...shared);
      const network = (option === '--network' || option === '--net') && value && !['bridge', 'none', 'default'].includes(value.text) ? value : undefined;
      const found = firstOf(
        option === '--cidfile' ? outside(value) : undefined,
        option === '--name' ? foreign(value, 'names its container') : undefined,
        network?.text === 'host' ? hazard('uses the host\'s network', '는 호스트 네트워크를 씁니다') : undefined,
        network && network.text !== 'host' ? foreign({ ...network, text: network.text.replace(/^container:/, '') }, 'joins network') : undefined,
      );
      if (found) return found;
    }
    return unknownOption(unknown) ?? (positional[0]?.dynamic ? foreign(positional[0], 'runs image') : undefined);
  }
  if (name === 'build') {
    const tags = options.filter(({ name: option }) => option === '-t' || option === '--tag');
    return unknownOption(unknown) ?? firstOf(...tags.map(({ value }) => foreign(value, 'tags its image')));
  }
  if (name === 'network create' || name === 'volume create') {
    const driver = valueOf(command, '-d', '--driver');
    if (driver && !['bridge', 'local'].includes(driver.text)) return hazard(`uses the driver \`${driver.text}\`, which this analysis does not know`, `의 드라이버 \`${driver.text}\`는 이 분석이 모릅니다`);
    if (unknown.length) return unknownOption(unknown);
    if (positional.length) return firstOf(...positional.map((p) => foreign(p)));
    return hazard('makes an object without a name of the note\'s', '는 노트의 이름이 없는 오브젝트를 만듭니다');
  }
  if (NETWORK_OBJECTS.has(name)) return firstOf(...positional.map((p) => foreign(p)));
  if (name === 'tag') {
    const [, target] = positional;
    return target ? foreign(target, 'tags') : hazard('is not understood', '는 이해할 수 없는 명령입니다');
  }
  if (name === 'push') return foreign(positional[0], 'pushes');
  if (name === 'cp') {
    // `container:path` names a container; anything else is a path on this machine.
    const inContainer = (path: ShellWord) => /^[^./][^:/]*:/.test(path.text);
    const container = (path: ShellWord) => ({ ...path, text: path.text.split(':')[0] as string });
    return firstOf(...positional.map((path) => (inContainer(path) ? foreign(container(path), 'copies to or from') : outside(path))));
  }
  if (OWN_OBJECTS.has(name)) {
    const named = name === 'commit' ? positional.slice(0, 2) : positional;
    return firstOf(outside(valueOf(command, '-o', '--output')), ...named.map((p) => foreign(p)));
  }
  return hazard('is a docker command this analysis does not know', '는 이 분석이 모르는 도커 명령입니다');
}
