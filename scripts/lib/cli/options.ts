import { parseArgs } from 'node:util';
import { CAPABILITIES, type Capability } from '../../../src/lib/blocks/meta.ts';
import { UsageError } from '../core/user-error.ts';
import { FAIL_ON } from '../core/results.ts';
import { REPORTERS } from '../report/reporter-interface.ts';

export { REPORTERS, UsageError };

export const HELP = `Usage: npm run verify-notes -- [options]

Runs every executable block of the notes against a real Docker engine (and kind cluster),
normalises the output and compares it with the recording in content/outputs/.

Options:
  --update             re-record the output: each note runs --repeat times (own session
                       each) and is written only when the whole note passes and every
                       block printed the same comparison form and exit status each time
  --repeat N           with --update: runs per note (default 2; 1 re-records quickly, but
                       the page then shows the output as not reproduced, and --static fails)
  --from ID            with --update, one note: resume a recording at block ID (after an
                       --update failed there and the block was fixed). The blocks before
                       ID run first, unchecked, in each run; ID and every block after it
                       are recorded; the blocks before ID keep their recordings from the
                       failed attempt's pending recording (content/outputs/<note>.json.partial)
                       or the note's recording, and must still be current
  --static             no execution: check that every run block has a recording for its
                       current source (cheap; part of npm test)
  --renormalize        no execution: make each comparison form again from its stored
                       transcript (after a normaliser changed); writes the recordings
  --fix-prompts        with --note: rewrite each run block that mixes commands and pasted
                       output without prompts as a transcript (\`$ \` before each command,
                       the output kept and never run); writes the note and prints the diff
  --list               list the blocks with their file:line, id and needs
  --note NAME          only this note (e.g. week-02); repeatable
  --block ID           only this block id; repeatable. The blocks before it in its note run
                       first, unchecked, so it gets the session state it has in the full
                       note; only it is compared (or recorded with --update)
  --needs CAPS         only blocks that need nothing beyond CAPS (e.g. --needs docker); a
                       block after one that needs more is skipped, with the reason
  --reporter KIND      text (default), json, junit or markdown (a GitHub job summary)
  --report-file PATH   write the json/junit/markdown report there instead of stdout
                       (appended when it is $GITHUB_STEP_SUMMARY)
  --context NAME       run kind blocks against this existing kubectl context (minikube, GKE)
  --wait [DURATION]    when another run holds the Docker engine or cluster, wait for it
                       (default 10m; e.g. --wait=30m) instead of exiting with code 5
  --max-output SIZE    keep at most SIZE of a block's output (default 256k): the head and
                       tail, with a line saying how much was left out
  --env NAME           run on another environment than the pinned one (e.g. latest: kind's
                       own default node image, in a cluster kubia-notes-NAME; a kind config
                       of your own with KUBIA_NOTES_ENV_KIND_CONFIG) and compare with the
                       pinned recordings; results go to content/outputs/<note>.NAME.json,
                       the recordings are never touched
  --fail-on VERDICT    drift (default on the pinned environment): any changed output fails
                       the run; rot (default with --env): only a command that broke (exit
                       status changed, flag/command/API gone) fails it
  --doctor             print what this machine has (Docker, kind, kubectl) against the
                       pinned versions, and exit
  --keep               keep a kind cluster this run created
  --fresh              delete and recreate the project's kind cluster first
  --root DIR           project root holding content/notes and content/outputs (default: .)
  --changed            run only the notes whose recordings are not current (a block, a file
                       block or the pinned versions changed since recording); the others
                       are reported as skipped (current). With --since REF, also the notes
                       whose note, original or recording file changed since git REF
  --since REF          with --changed: a git ref (e.g. origin/main); files changed between
                       it (its merge base with HEAD) and the work tree count as changed
  --shard I/N          only the I-th of N shards (1-based): notes are spread over N bins by
                       their recorded block durations, longest first, ties by name; every
                       note lands in exactly one shard (JSON reports merge with
                       npm run merge-reports)
  --jobs N             run up to N notes side by side when they cannot touch each other
                       (Docker-only notes that declare \`isolated: true\` or whose docker
                       commands name only the note's own objects and whose other commands
                       the analysis reads to the end); every other note runs alone, and
                       the run says why. Default 1
  --verbose            also list skipped blocks
  -h, --help           this help

Exit codes: 0 all passed · 1 a block failed, drifted, is stale or unrecorded · 2 bad input
(options, block meta, a broken recording file) · 3 a capability is missing (no Docker engine,
no kind) · 4 setting up the run failed (the note's namespace) · 5 another run holds the
engine or cluster · 130 interrupted.`;

/** What a run was asked to do: parseArgs' values, checked and converted by parseOptions. */
export interface VerifyOptions {
  update: boolean;
  static: boolean;
  renormalize: boolean;
  list: boolean;
  /** --fix-prompts: rewrite mixed blocks of the --note notes as transcripts, and stop. */
  fixPrompts: boolean;
  note: string[];
  block: string[];
  /** --from: resume recording at this block (with --update, one note). */
  from?: string;
  needs?: Capability[];
  reporter: (typeof REPORTERS)[number];
  reportFile?: string;
  context?: string;
  keep: boolean;
  failOn: (typeof FAIL_ON)[number];
  env: string;
  doctor: boolean;
  wait?: number;
  maxOutput: number;
  fresh: boolean;
  verbose: boolean;
  root: string;
  changed: boolean;
  since?: string;
  shard?: { index: number; count: number };
  jobs: number;
  /** --update: how many sessions of each note must agree before it is recorded. */
  repeat: number;
  help: boolean;
}

/** Runs an --update makes of each note: two that agree make a recording reproduced. */
export const DEFAULT_REPEAT = 2;

// Checked by hand, not with a schema library: every run parses its options, and loading zod
// is the largest part of the runner's start-up.
function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${option} ${value}: not one of ${allowed.join(', ')}`);
  return value as T;
}

function positive(ms: number, option: string): number {
  if (ms <= 0) throw new UsageError(`${option}: must be longer than 0`, `e.g. ${option}=10m`);
  return ms;
}

function usage(message: string, hint?: string): never {
  throw new UsageError(message, hint);
}

function capabilities(text: string): Capability[] {
  return text.split(',').filter(Boolean).map((name) => oneOf('needs', name, CAPABILITIES));
}

function environmentName(text: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(text)) throw new UsageError(`--env ${text}: not an environment name`, 'a lowercase name, e.g. --env latest');
  return text;
}

export function durationMs(text: string, option: string): number {
  const match = /^(\d+)(s|m|h)?$/.exec(text);
  if (!match) throw new UsageError(`${option} ${text}: not a duration`, `write it as e.g. ${option}=90s or ${option}=10m`);
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
}

/** `--shard 2/4` → the second of four shards; index and count 1-based, index ≤ count. */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || index < 1 || count < 1 || index > count) throw new UsageError(`--shard ${text}: not a shard`, 'write it as I/N with 1 ≤ I ≤ N, e.g. --shard 1/4');
  return { index, count };
}

function repeatCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 10) throw new UsageError(`--repeat ${text}: not a number of runs`, `write a whole number from 1 to 10 (default ${DEFAULT_REPEAT}; 1 records without checking that the output reproduces)`);
  return Number(text);
}

function jobCount(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 64) throw new UsageError(`--jobs ${text}: not a number of jobs`, 'write a whole number from 1 to 64, e.g. --jobs 2');
  return Number(text);
}

function sizeBytes(text: string): number {
  const match = /^(\d+)([kKmM]?)$/.exec(text);
  const bytes = match ? Number(match[1]) * { '': 1, k: 1024, m: 1024 * 1024 }[(match[2] ?? '').toLowerCase() as '' | 'k' | 'm'] : 0;
  if (!match || bytes < 1024) throw new UsageError(`--max-output ${text}: not a size of at least 1k`, 'write it as bytes or with k/m, e.g. --max-output 256k');
  return bytes;
}

export function parseOptions(argv: readonly string[]): VerifyOptions {
  let values;
  try {
    ({ values } = parseArgs({
      // A bare --wait means the default bound; --wait=30m names another.
      args: argv.map((arg) => (arg === '--wait' ? '--wait=10m' : arg)),
      options: {
        update: { type: 'boolean', default: false },
        static: { type: 'boolean', default: false },
        renormalize: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        'fix-prompts': { type: 'boolean', default: false },
        note: { type: 'string', multiple: true, default: [] },
        block: { type: 'string', multiple: true, default: [] },
        from: { type: 'string' },
        needs: { type: 'string' },
        reporter: { type: 'string', default: 'text' },
        'report-file': { type: 'string' },
        context: { type: 'string' },
        keep: { type: 'boolean', default: false },
        'fail-on': { type: 'string' },
        env: { type: 'string', default: 'pinned' },
        doctor: { type: 'boolean', default: false },
        wait: { type: 'string' },
        'max-output': { type: 'string', default: '256k' },
        fresh: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        root: { type: 'string', default: '.' },
        changed: { type: 'boolean', default: false },
        since: { type: 'string' },
        shard: { type: 'string' },
        jobs: { type: 'string', default: '1' },
        repeat: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const options: VerifyOptions = {
    update: values.update as boolean,
    static: values.static as boolean,
    renormalize: values.renormalize as boolean,
    list: values.list as boolean,
    fixPrompts: values['fix-prompts'] as boolean,
    note: values.note as string[],
    block: values.block as string[],
    ...(values.from === undefined ? {} : { from: values.from || usage('--from needs a block id', 'e.g. --from docker-build; `--list` shows the ids') }),
    ...(values.needs === undefined ? {} : { needs: capabilities(values.needs) }),
    reporter: oneOf('reporter', values.reporter as string, REPORTERS),
    ...(values['report-file'] === undefined ? {} : { reportFile: values['report-file'] }),
    ...(values.context === undefined ? {} : { context: values.context }),
    keep: values.keep as boolean,
    failOn: oneOf('fail-on', values['fail-on'] ?? (values.env === 'pinned' ? 'drift' : 'rot'), FAIL_ON),
    env: environmentName(values.env as string),
    doctor: values.doctor as boolean,
    ...(values.wait === undefined ? {} : { wait: positive(durationMs(values.wait, '--wait'), '--wait') }),
    maxOutput: sizeBytes(values['max-output'] as string),
    fresh: values.fresh as boolean,
    verbose: values.verbose as boolean,
    root: values.root as string,
    changed: values.changed as boolean,
    ...(values.since === undefined ? {} : { since: values.since || usage('--since needs a git ref', 'e.g. --since origin/main') }),
    ...(values.shard === undefined ? {} : { shard: parseShard(values.shard) }),
    jobs: jobCount(values.jobs as string),
    repeat: values.repeat === undefined ? DEFAULT_REPEAT : repeatCount(values.repeat),
    help: values.help as boolean,
  };
  const parsed = { data: options };
  if (parsed.data.renormalize && (parsed.data.update || parsed.data.static)) throw new UsageError('--renormalize runs nothing and stands alone', 'run it first, then --static or --update');
  if (parsed.data.env !== 'pinned' && (parsed.data.update || parsed.data.renormalize)) throw new UsageError(`--env ${parsed.data.env} only compares`, 'recordings are made on the pinned environment; drop --env to re-record');
  if (parsed.data.update && parsed.data.static) throw new UsageError('--update and --static exclude each other', '--static only reads recordings; --update writes them');
  if (values.repeat !== undefined && !parsed.data.update) throw new UsageError('--repeat only applies to --update', 'a verify run compares one run with the recording; add --update to re-record with repeated runs');
  if (parsed.data.from !== undefined) {
    if (!parsed.data.update) throw new UsageError(`--from ${parsed.data.from} resumes a recording: it only applies to --update`, `write --update --note NAME --from ${parsed.data.from}; to run one block against its recording, use --block ${parsed.data.from}`);
    const clash = (['block', 'needs', 'changed', 'shard'] as const).filter((name) => (name === 'block' ? parsed.data.block.length > 0 : parsed.data[name] !== undefined && parsed.data[name] !== false));
    if (clash.length) throw new UsageError(`--from resumes one whole note and cannot be combined with --${clash[0]}`, `drop --${clash[0]}; --from records from its block to the end of the note`);
  }
  if (parsed.data.fixPrompts && !parsed.data.note.length) throw new UsageError('--fix-prompts rewrites the notes you name', 'write --fix-prompts --note week-03, and review the diff it prints');
  if (parsed.data.fixPrompts && (parsed.data.update || parsed.data.static || parsed.data.renormalize)) throw new UsageError('--fix-prompts only rewrites blocks and stands alone', 'run it first, review the diff, then --static or --update');
  if (parsed.data.since !== undefined && !parsed.data.changed) throw new UsageError('--since only narrows --changed', 'write --changed --since REF');
  if (parsed.data.changed && (parsed.data.static || parsed.data.renormalize || parsed.data.list)) throw new UsageError('--changed chooses notes to run', '--static, --renormalize and --list run nothing; drop --changed');
  // Currency is about the pinned recordings: on another environment every note says something new.
  if (parsed.data.changed && parsed.data.env !== 'pinned') throw new UsageError(`--changed compares with the pinned recordings, not with --env ${parsed.data.env}`, 'a freshness run checks every note: drop --changed');
  return parsed.data;
}
