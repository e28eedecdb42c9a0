// docker's command-line grammar, written once: its global options, and per subcommand which
// options take a value and which take none. Two readers use it: the checks of what a block
// asks of its session (block-commands.ts: a terminal, a followed log) and the `--jobs`
// isolation analysis (scripts/lib/docker/docker-isolation.ts: a published port, a foreign name).
// An option learnt here is known to both.
import type { ShellWord } from './shell-words.ts';

export interface OptionGrammar {
  /** Options that take a value (`-p 80:80`, `-p80:80`, `--publish=80:80`). */
  values: ReadonlySet<string>;
  /** Options that take none; without this list every option not in `values` takes none and none is unknown. */
  switches?: ReadonlySet<string>;
  /** After the first positional word the rest is the container's command: docker reads no options there. */
  commandAfter?: boolean;
}

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));
const grammar = (values: string, switches?: string, commandAfter = false): OptionGrammar => ({
  values: words(values),
  ...(switches === undefined ? {} : { switches: words(switches) }),
  commandAfter,
});

/** Options before the subcommand: `docker -H tcp://… run`, `docker --context x ps`. */
export const DOCKER_GLOBAL = grammar('-l --log-level -H --host -c --context --config', '-D --debug --version --help', true);

const RUN = grammar(
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
/** Listings of the whole engine (`ps`, `images`, `network ls`, …). */
const LISTING = grammar('-f --filter --format -n --last --since --until', '-a --all -q --quiet --no-trunc -s --size --digests -l --latest --tree');
const NETWORK_OBJECT = grammar('-f --format --alias --driver-opt');
/** Subcommands that list what the whole engine holds. */
export const DOCKER_LISTINGS: readonly string[] = ['ps', 'images', 'events', 'info', 'df', 'network ls', 'network list', 'volume ls', 'volume list', 'system df', 'system info', 'system events'];
/** Subcommands on networks and volumes named by their positional words. */
export const DOCKER_NETWORK_OBJECTS: readonly string[] = ['network rm', 'network remove', 'network connect', 'network disconnect', 'network inspect', 'volume rm', 'volume remove', 'volume inspect'];
const TIMED_STOP = grammar('-t --time -s --signal');
const NOTHING = grammar('');

/**
 * The grammar of each subcommand, by the one name `subcommandName` gives it. A subcommand
 * missing here is one neither reader knows.
 */
export const DOCKER_SUBCOMMANDS: Readonly<Record<string, OptionGrammar>> = {
  run: RUN,
  create: RUN,
  exec: grammar('-e --env --env-file -u --user -w --workdir --detach-keys', undefined, true),
  build: grammar(
    '-t --tag -f --file --build-arg --target --platform --label --progress --network --add-host --shm-size --ulimit --cache-from --secret --ssh',
    '-q --quiet --no-cache --pull --rm --force-rm --load --squash --compress',
  ),
  'network create': grammar('--label -d --driver', '--internal --attachable --ipv6'),
  'volume create': grammar('--label -d --driver', ''),
  ...Object.fromEntries(DOCKER_LISTINGS.map((name) => [name, LISTING])),
  ...Object.fromEntries(DOCKER_NETWORK_OBJECTS.map((name) => [name, NETWORK_OBJECT])),
  ...Object.fromEntries(['rm', 'pause', 'unpause', 'wait', 'port', 'top', 'diff', 'rename', 'rmi', 'tag', 'cp'].map((name) => [name, NOTHING])),
  kill: grammar('-s --signal'),
  stop: TIMED_STOP,
  restart: TIMED_STOP,
  start: grammar('--detach-keys'),
  attach: grammar('--detach-keys'),
  update: grammar('--restart -m --memory --cpus'),
  logs: grammar('-n --tail --since --until'),
  inspect: grammar('-f --format --type'),
  export: grammar('-o --output'),
  save: grammar('-o --output --platform'),
  push: grammar('--platform'),
  commit: grammar('-a --author -c --change -m --message'),
  stats: grammar('--format'),
};

/** Words that group subcommands: `docker container ls`, `docker network create`. */
const GROUPS = new Set(['container', 'image', 'network', 'volume', 'system', 'builder']);

/** One name for each subcommand: `container ls` is `ps`, `image rm` is `rmi`, `container prune` is `prune`. */
function subcommandName(group: string, sub = ''): string {
  const same: Record<string, Record<string, string>> = {
    container: { ls: 'ps', list: 'ps' },
    image: { ls: 'images', list: 'images', rm: 'rmi', remove: 'rmi', inspect: 'image inspect' },
    builder: { build: 'build' },
  };
  if (group === 'container' || group === 'image') return same[group]?.[sub] ?? sub;
  return same[group]?.[sub] ?? `${group} ${sub}`.trim();
}

export interface DockerOption {
  name: string;
  /** The value it takes, or what follows `=` on one that takes none (`--follow=false`). */
  value?: ShellWord;
}

export interface DockerArgs {
  options: DockerOption[];
  /** The words that are not options; with `commandAfter`, only the image or container. */
  positional: ShellWord[];
  /** With `commandAfter`: the container's command, after the image or container. */
  command: ShellWord[];
  /** Options the grammar's `switches` list does not know (read as taking no value). */
  unknown: string[];
}

/** Options and positional words of a docker subcommand, options read as docker reads them. */
export function readOptions(args: readonly ShellWord[], { values, switches, commandAfter }: OptionGrammar): DockerArgs {
  const positional: ShellWord[] = [];
  const options: DockerOption[] = [];
  const unknown: string[] = [];
  const option = (name: string, inline: string | undefined, word: ShellWord, next: () => ShellWord | undefined) => {
    const given = inline === undefined ? undefined : { text: inline, dynamic: word.dynamic };
    if (!values.has(name) && switches && !switches.has(name)) unknown.push(name);
    const value = values.has(name) ? (given ?? next()) : given;
    options.push(value ? { name, value } : { name });
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i] as ShellWord;
    const next = () => args[++i];
    if ((positional.length && commandAfter) || !word.text.startsWith('-') || word.text === '-') positional.push(word);
    else if (word.text === '--') {
      positional.push(...args.slice(i + 1));
      break;
    } else if (word.text.startsWith('--')) {
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
  if (!commandAfter) return { options, positional, command: [], unknown };
  return { options, positional: positional.slice(0, 1), command: positional.slice(1), unknown };
}

export interface DockerCommand extends DockerArgs {
  /** The global options, and the subcommand's words as they stand. */
  global: DockerArgs;
  /** One name per subcommand (`subcommandName`), '' for none (`docker --version`). */
  subcommand: string;
  /** Is `subcommand` in DOCKER_SUBCOMMANDS? Else its words are all positional. */
  known: boolean;
  /** The words after the subcommand. */
  args: ShellWord[];
}

/** A docker command (its words after `docker`): global options, subcommand, and that subcommand's options. */
export function readDocker(args: readonly ShellWord[]): DockerCommand {
  const global = readOptions(args, DOCKER_GLOBAL);
  const words = [...global.positional, ...global.command];
  const [sub, second] = words;
  const grouped = sub !== undefined && GROUPS.has(sub.text);
  const subcommand = sub === undefined ? '' : grouped ? subcommandName(sub.text, second?.text) : sub.text;
  const rest = words.slice(grouped ? 2 : 1);
  const own = Object.hasOwn(DOCKER_SUBCOMMANDS, subcommand) ? DOCKER_SUBCOMMANDS[subcommand] : undefined;
  return { global, subcommand, known: own !== undefined, args: rest, ...readOptions(rest, own ?? NOTHING) };
}

/** Does the command carry this option (any of its names), not turned off with `=false`? */
export function hasOption(read: Pick<DockerArgs, 'options'>, ...names: string[]): boolean {
  return read.options.some((option) => names.includes(option.name) && option.value?.text !== 'false');
}

/** Words of a command known only as text (an alias expanded, say): nothing in them is dynamic. */
export const staticWords = (texts: readonly string[]): ShellWord[] => texts.map((text) => ({ text, dynamic: false }));
