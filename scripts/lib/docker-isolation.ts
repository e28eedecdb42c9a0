import type { ShellWord } from '../../src/lib/blocks/shell-words.ts';

/**
 * Does one docker command keep to the note's own objects (isolation.ts)? Its options are
 * read as docker reads them (`-dp 8080:80`, `-p8080:80`, `--publish=8080:80`). For the
 * subcommands that make things (`run`, `create`, `build`, `network`/`volume create`) every
 * option must be one this file knows: an unknown one may publish, mount or fix an address.
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

interface Spec {
  /** Options that take a value (`-p 80:80`, `-p80:80`, `--publish=80:80`). */
  values: ReadonlySet<string>;
  /** Options that take none; without this list every option not in `values` takes none. */
  flags?: ReadonlySet<string>;
  /** After the first positional word the rest is the container's command (run, exec). */
  commandAfter?: boolean;
}

const words = (list: string) => new Set(list.trim().split(/\s+/));
const spec = (values: string, flags?: string, commandAfter = false): Spec => ({ values: words(values), ...(flags === undefined ? {} : { flags: words(flags) }), commandAfter });

const RUN = spec(
  `--name -e --env --env-file -l --label --label-file -w --workdir --entrypoint -u --user -h --hostname
   --restart -m --memory --memory-swap --memory-reservation --cpus --cpu-shares -c --cpuset-cpus --pids-limit
   --health-cmd --health-interval --health-retries --health-timeout --health-start-period --stop-signal
   --stop-timeout --network --net --network-alias --add-host --dns --dns-search --dns-option --cap-add
   --cap-drop --pull --platform --expose --ulimit --log-driver --log-opt --shm-size --sysctl --tmpfs
   --group-add -a --attach --detach-keys --oom-score-adj
   -p --publish -v --volume --mount --volumes-from --pid --ipc --uts --userns --cgroupns --link --device
   --cgroup-parent --cidfile --ip --ip6 --mac-address`,
  `-d --detach --rm -i --interactive -t --tty --init --read-only -q --quiet --no-healthcheck
   --oom-kill-disable --sig-proxy --help --disable-content-trust -P --publish-all --privileged`,
  true,
);
const EXEC = spec('-e --env --env-file -u --user -w --workdir --detach-keys', undefined, true);
const BUILD = spec(
  '-t --tag -f --file --build-arg --target --platform --label --progress --network --add-host --shm-size --ulimit --cache-from --secret --ssh',
  '-q --quiet --no-cache --pull --rm --force-rm --load --squash --compress',
);
const MAKE_NETWORK = spec('--label -d --driver', '--internal --attachable --ipv6');
const MAKE_VOLUME = spec('--label -d --driver', '');
const LISTING = spec('-f --filter --format -n --last --since --until', '-a --all -q --quiet --no-trunc -s --size --digests -l --latest --tree');
/** Subcommands whose every positional word names an object that must be the note's own, and their options with a value. */
const OWN_OBJECTS: Record<string, Spec> = {
  rm: spec(''), kill: spec('-s --signal'), stop: spec('-t --time -s --signal'), restart: spec('-t --time -s --signal'),
  start: spec('--detach-keys'), pause: spec(''), unpause: spec(''), wait: spec(''), port: spec(''), top: spec(''),
  attach: spec('--detach-keys'), diff: spec(''), rename: spec(''), update: spec('--restart -m --memory --cpus'),
  rmi: spec(''), logs: spec('-n --tail --since --until'), inspect: spec('-f --format --type'), export: spec('-o --output'),
  commit: spec('-a --author -c --change -m --message'), stats: spec('--format'),
};
/** Read-only, about the engine or a shared image: nothing to collide with. */
const HARMLESS = new Set(['version', 'pull', 'history', 'search', 'save', 'image inspect', '--version', '--help']);
/** Listings of the whole engine: their output shows the other notes' objects, unless filtered on the note's own names. */
const LISTINGS = new Set(['ps', 'images', 'events', 'info', 'df', 'network ls', 'network list', 'volume ls', 'volume list', 'system df', 'system info', 'system events']);
const GROUPS = new Set(['container', 'image', 'network', 'volume', 'system', 'builder']);

/** One name for each subcommand: `docker container ls` is `ps`, `docker image rm` is `rmi`, `docker container prune` is `prune`. */
function subcommandOf(group: string, sub = ''): string {
  const same: Record<string, Record<string, string>> = {
    container: { ls: 'ps', list: 'ps' },
    image: { ls: 'images', list: 'images', rm: 'rmi', remove: 'rmi', inspect: 'image inspect' },
    builder: { build: 'build' },
  };
  if (group === 'container' || group === 'image') return same[group]?.[sub] ?? sub;
  return same[group]?.[sub] ?? `${group} ${sub}`.trim();
}

/** Options and positional words of a docker subcommand, options read as docker reads them. */
function readArgs(args: readonly ShellWord[], { values, flags, commandAfter }: Spec) {
  const positional: ShellWord[] = [];
  const options: Array<[string, ShellWord | undefined]> = [];
  const unknown: string[] = [];
  const option = (name: string, inline: string | undefined, word: ShellWord, next: () => ShellWord | undefined) => {
    if (values.has(name)) options.push([name, inline !== undefined ? { text: inline, dynamic: word.dynamic } : next()]);
    else {
      if (flags && !flags.has(name)) unknown.push(name);
      options.push([name, undefined]);
    }
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as ShellWord;
    const next = () => args[++i];
    if ((positional.length && commandAfter) || !word.text.startsWith('-') || word.text === '-') positional.push(word);
    else if (word.text === '--') positional.push(...args.slice(i + 1)), (i = args.length);
    else if (word.text.startsWith('--')) {
      const [name, inline] = word.text.split(/=(.*)/s) as [string, string | undefined];
      option(name, inline, word, next);
    } else {
      // A cluster of short options: `-dit`, `-dp 8080:80`, `-p8080:80`.
      for (let j = 1; j < word.text.length; j++) {
        const name = `-${word.text[j]}`;
        const rest = word.text.slice(j + 1);
        if (values.has(name)) {
          option(name, rest ? rest.replace(/^=/, '') : undefined, word, next);
          break;
        }
        option(name, undefined, word, next);
      }
    }
  }
  return { positional, options, unknown };
}

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
  const global = readArgs(args, spec('-l --log-level -H --host -c --context --config', '-D --debug --version --help', true));
  if (global.unknown.length) return unknownOption(global.unknown);
  if (global.options.some(([option]) => ['-H', '--host', '-c', '--context', '--config'].includes(option))) return hazard('talks to another engine or config', '는 다른 엔진이나 설정을 씁니다');
  const [sub, second] = global.positional;
  if (!sub) return undefined; // `docker --version`
  if (sub.dynamic || second?.dynamic) return hazard('has a subcommand only known when it runs', '의 하위 명령은 실행해야 알 수 있습니다');
  const grouped = GROUPS.has(sub.text);
  const name = grouped ? subcommandOf(sub.text, second?.text) : sub.text;
  const argv = global.positional.slice(grouped ? 2 : 1);

  if (HARMLESS.has(name)) return name === 'save' ? outside(readArgs(argv, spec('-o --output --platform')).options.find(([o]) => o === '-o' || o === '--output')?.[1]) : undefined;
  if (/(^| )prune$/.test(name) || name === 'load' || name === 'import') return hazard('removes or loads objects that are not only the note\'s', '는 노트의 것만이 아닌 오브젝트를 지우거나 들입니다');
  if (LISTINGS.has(name) || (name === 'stats' && !readArgs(argv, OWN_OBJECTS.stats as Spec).positional.length)) {
    const { options, positional } = readArgs(argv, LISTING);
    const filters = options.filter(([option]) => option === '-f' || option === '--filter').map(([, value]) => value as ShellWord);
    // Filters of one key are ORed, of different keys ANDed: one key whose every value is the note's own is enough.
    const keys = new Set(filters.map((f) => f.text.split('=')[0]));
    const own = [...keys].some((key) => filters.filter((f) => f.text.split('=')[0] === key).every((f) => ownFilter(note, f))) || (name === 'images' && positional.some((p) => ownFilter(note, { ...p, text: `reference=${p.text}` })));
    return own ? undefined : hazard('lists every object on the engine (the other notes\' too); filter on the note\'s own names', '는 엔진의 모든 오브젝트를 보여 줍니다(다른 노트의 것까지). 노트 자신의 이름으로 거르세요');
  }
  if (name === 'run' || name === 'create') {
    const { positional, options, unknown } = readArgs(argv, RUN);
    for (const [option, value] of options) {
      if (['-p', '--publish', '-P', '--publish-all'].includes(option)) return hazard('publishes a host port, which every note on the machine shares', '는 호스트 포트를 엽니다(기계의 모든 노트가 함께 쓰는 자원)');
      if (['-v', '--volume', '--mount', '--volumes-from'].includes(option)) return hazard('mounts a volume or a host path', '는 볼륨이나 호스트 경로를 마운트합니다');
      if (['--pid', '--ipc', '--uts', '--userns', '--cgroupns', '--link', '--device', '--privileged', '--cgroup-parent'].includes(option)) return hazard(`shares ${option.slice(2)} with something outside the note`, `는 ${option.slice(2)}을(를) 노트 밖과 나눕니다`);
      if (['--ip', '--ip6', '--mac-address'].includes(option)) return hazard(`fixes an address (${option}) another note could take`, `는 다른 노트도 쓸 수 있는 주소(${option})를 고정합니다`);
      const found = firstOf(
        option === '--cidfile' ? outside(value) : undefined,
        option === '--name' ? foreign(value, 'names its container') : undefined,
        (option === '--network' || option === '--net') && value && !['bridge', 'none', 'default'].includes(value.text)
          ? value.text === 'host' ? hazard('uses the host\'s network', '는 호스트 네트워크를 씁니다') : foreign({ ...value, text: value.text.replace(/^container:/, '') }, 'joins network')
          : undefined,
      );
      if (found) return found;
    }
    return unknownOption(unknown) ?? (positional[0]?.dynamic ? foreign(positional[0], 'runs image') : undefined);
  }
  if (name === 'build') {
    const { options, unknown } = readArgs(argv, BUILD);
    return unknownOption(unknown) ?? firstOf(...options.filter(([option]) => option === '-t' || option === '--tag').map(([, value]) => foreign(value, 'tags its image')));
  }
  if (name === 'network create' || name === 'volume create') {
    const { positional, options, unknown } = readArgs(argv, name === 'network create' ? MAKE_NETWORK : MAKE_VOLUME);
    const driver = options.find(([option]) => option === '-d' || option === '--driver')?.[1];
    if (driver && !['bridge', 'local'].includes(driver.text)) return hazard(`uses the driver \`${driver.text}\`, which this analysis does not know`, `의 드라이버 \`${driver.text}\`는 이 분석이 모릅니다`);
    return unknownOption(unknown) ?? (positional.length ? firstOf(...positional.map((p) => foreign(p))) : hazard('makes an object without a name of the note\'s', '는 노트의 이름이 없는 오브젝트를 만듭니다'));
  }
  if (['network rm', 'network remove', 'network connect', 'network disconnect', 'network inspect', 'volume rm', 'volume remove', 'volume inspect'].includes(name)) {
    return firstOf(...readArgs(argv, spec('-f --format --alias --driver-opt')).positional.map((p) => foreign(p)));
  }
  if (name === 'tag') {
    const [, target] = readArgs(argv, spec('')).positional;
    return target ? foreign(target, 'tags') : hazard('is not understood', '는 이해할 수 없는 명령입니다');
  }
  if (name === 'push') return foreign(readArgs(argv, spec('--platform')).positional[0], 'pushes');
  if (name === 'cp') {
    const paths = readArgs(argv, spec('')).positional;
    return firstOf(...paths.map((path) => (/^[^./][^:/]*:/.test(path.text) ? foreign({ ...path, text: path.text.split(':')[0] as string }, 'copies to or from') : outside(path))));
  }
  const objects = name === 'exec' ? EXEC : OWN_OBJECTS[name];
  if (objects) {
    const { positional, options } = readArgs(argv, objects);
    const named = name === 'exec' ? positional.slice(0, 1) : name === 'commit' ? positional.slice(0, 2) : positional;
    return firstOf(outside(options.find(([option]) => option === '-o' || option === '--output')?.[1]), ...named.map((p) => foreign(p)));
  }
  return hazard('is a docker command this analysis does not know', '는 이 분석이 모르는 도커 명령입니다');
}
