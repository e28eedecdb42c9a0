import { parseArgs } from 'node:util';
import { durationMs, UsageError } from '../cli/options.ts';

export const FOLLOW_HELP = `Usage: npm run follow -- NOTE [options]

Runs a note on your own Docker engine (and kind cluster) block by block, and shows your
output beside the recorded one with a verdict. Nothing is written to content/outputs.

  NOTE                 the note's name, e.g. week-02
  --yes                run every block without asking (the default without a terminal)
  --context NAME       run kind blocks against this existing kubectl context
  --wait [DURATION]    wait for another run that holds the engine (default 10m)
  --root DIR           the project root (default: the current directory)
  -h, --help           this text

Keys at each block: Enter runs it, s skips it, q stops (cleanup still runs).`;

export interface FollowOptions {
  note: string;
  yes: boolean;
  root: string;
  context?: string;
  wait?: number;
  help: boolean;
}

const usage = (message: string, hint = 'see `npm run follow -- --help`') => new UsageError(message, hint);

export function parseFollowOptions(argv: readonly string[]): FollowOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.map((arg) => (arg === '--wait' ? '--wait=10m' : arg)),
      allowPositionals: true,
      options: { yes: { type: 'boolean', short: 'y', default: false }, root: { type: 'string', default: '.' }, context: { type: 'string' }, wait: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    throw usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { note: '', yes: false, root: '.', help: true };
  if (positionals.length !== 1) throw usage(positionals.length ? `one note at a time, not ${positionals.join(' ')}` : 'which note? e.g. `npm run follow -- week-02`');
  const wait = values.wait === undefined ? undefined : durationMs(values.wait, '--wait');
  return { note: positionals[0]!.replace(/\.mdx$/, '').replace(/^.*\//, ''), yes: values.yes as boolean, root: values.root as string, ...(values.context ? { context: values.context } : {}), ...(wait ? { wait } : {}), help: false };
}
