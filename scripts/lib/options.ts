import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CAPABILITIES } from '../../src/lib/blocks/meta.ts';

export const REPORTERS = ['text', 'json', 'junit'] as const;

export const HELP = `Usage: npm run verify-notes -- [options]

Runs every executable block of the notes against a real Docker engine (and kind cluster),
normalises the output and compares it with the recording in content/outputs/.

Options:
  --update             re-record the output (written only when the whole note passes)
  --static             no execution: check that every run block has a recording for its
                       current source (cheap; part of npm test)
  --list               list the blocks with their file:line, id and needs
  --note NAME          only this note (e.g. week-02); repeatable
  --block ID           only this block id; repeatable (cleanup blocks still run)
  --needs CAPS         only blocks that need nothing beyond CAPS (e.g. --needs docker)
  --reporter KIND      text (default), json or junit
  --report-file PATH   write the json/junit report there instead of stdout
  --context NAME       run kind blocks against this existing kubectl context (minikube, GKE)
  --keep               keep a kind cluster this run created
  --fresh              delete and recreate the project's kind cluster first
  --root DIR           project root holding content/notes and content/outputs (default: .)
  --verbose            also list skipped blocks
  -h, --help           this help

Exit codes: 0 all passed · 1 a block failed, drifted or is unrecorded · 2 bad input (options,
block meta) · 3 a capability is missing (no Docker engine, no kind).`;

const optionsSchema = z.object({
  update: z.boolean(),
  static: z.boolean(),
  list: z.boolean(),
  note: z.array(z.string()),
  block: z.array(z.string()),
  needs: z.array(z.enum(CAPABILITIES)).optional(),
  reporter: z.enum(REPORTERS),
  reportFile: z.string().optional(),
  context: z.string().optional(),
  keep: z.boolean(),
  fresh: z.boolean(),
  verbose: z.boolean(),
  root: z.string(),
  help: z.boolean(),
});
export type VerifyOptions = z.infer<typeof optionsSchema>;

export class UsageError extends Error {}

export function parseOptions(argv: readonly string[]): VerifyOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        update: { type: 'boolean', default: false },
        static: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        note: { type: 'string', multiple: true, default: [] },
        block: { type: 'string', multiple: true, default: [] },
        needs: { type: 'string' },
        reporter: { type: 'string', default: 'text' },
        'report-file': { type: 'string' },
        context: { type: 'string' },
        keep: { type: 'boolean', default: false },
        fresh: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        root: { type: 'string', default: '.' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n  hint: see \`npm run verify-notes -- --help\``);
  }
  const parsed = optionsSchema.safeParse({
    ...values,
    reportFile: values['report-file'],
    needs: values.needs?.split(',').filter(Boolean),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${String(issue?.path[0] ?? '')}: ${issue?.message}\n  hint: see \`npm run verify-notes -- --help\``);
  }
  if (parsed.data.update && parsed.data.static) throw new UsageError('--update and --static exclude each other\n  hint: --static only reads recordings; --update writes them');
  return parsed.data;
}
