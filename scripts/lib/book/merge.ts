import { z } from 'zod';
import type { Block } from '../../../src/lib/blocks/block.ts';
import { parseRunMeta } from '../../../src/lib/blocks/meta.ts';
import { environmentSchema, type Environment } from '../../../src/lib/store/schema.ts';
import { reportContext, type ReportContext } from '../report/context.ts';
import { FAIL_ON, type BlockResult, type BlockRun, type BlockStatus, type NoteResult } from '../core/results.ts';

const STATUSES = ['passed', 'recorded', 'drift', 'rot', 'failed', 'unrecorded', 'stale', 'unreproduced', 'not-run', 'skipped', 'prerequisite'] as const satisfies readonly BlockStatus[];

/** A verify-notes JSON report (report/json.ts), as far as a merge reads it. */
const jsonReportSchema = z.object({
  ok: z.boolean(),
  failOn: z.enum(FAIL_ON).default('drift'),
  shard: z.object({ index: z.number().int().positive().optional(), count: z.number().int().positive() }).optional(),
  environment: environmentSchema.optional(),
  notes: z.array(
    z.object({
      note: z.string(),
      source: z.string(),
      skipped: z.literal('current').optional(),
      placement: z.object({ mode: z.enum(['parallel', 'sequential']), reason: z.string(), reasonKo: z.string() }).optional(),
      problems: z.array(z.string()),
      notices: z.array(z.string()).optional(),
      written: z.string().optional(),
      blocks: z.array(
        z.object({
          id: z.string(),
          line: z.number().int(),
          status: z.enum(STATUSES),
          message: z.string().optional(),
          hint: z.string().optional(),
          diff: z.string().optional(),
          exitCode: z.number().int().optional(),
          durationMs: z.number().optional(),
          attempts: z.number().int().optional(),
          output: z.string().optional(),
          diagnostics: z.string().optional(),
        }),
      ),
    }),
  ),
});
export type JsonReport = z.infer<typeof jsonReportSchema>;

export class ReportFileError extends Error {}

export function parseJsonReport(text: string, path: string): JsonReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportFileError(`${path}: not JSON: ${(error as Error).message}`);
  }
  const parsed = jsonReportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReportFileError(`${path}: not a verify-notes JSON report (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema'})`);
  }
  return parsed.data;
}

/**
 * A block as a report knows it: its id, note and line. The meta is the default of a plain
 * `run id=…` block; nothing a reporter shows depends on more.
 */
function reportedBlock(id: string, source: string, line: number): Block {
  return { key: id, kind: 'run', lang: 'sh', code: '', meta: parseRunMeta(`run id=${id}`) as Block['meta'], rawMeta: `run id=${id}`, source, line, hash: '' };
}

function noteResultOf(note: JsonReport['notes'][number]): NoteResult {
  const blocks: BlockResult[] = note.blocks.map((b) => {
    const run: BlockRun | undefined =
      b.exitCode === undefined
        ? undefined
        : { exitCode: b.exitCode, timedOut: false, asExpected: b.status !== 'failed' && b.status !== 'rot', transcript: b.output ?? '', normalized: '', masks: [], durationMs: b.durationMs ?? 0, attempts: b.attempts ?? 1 };
    return {
      block: reportedBlock(b.id, note.source, b.line),
      status: b.status,
      ...(b.message !== undefined ? { message: b.message } : {}),
      ...(b.hint !== undefined ? { hint: b.hint } : {}),
      ...(b.diff !== undefined ? { diff: b.diff } : {}),
      ...(run ? { run } : {}),
      ...(b.diagnostics !== undefined ? { diagnostics: b.diagnostics } : {}),
    };
  });
  return {
    note: note.note,
    source: note.source,
    blocks,
    problems: [...note.problems],
    ...(note.notices ? { notices: [...note.notices] } : {}),
    ...(note.written ? { written: note.written } : {}),
    ...(note.skipped ? { skipped: note.skipped } : {}),
    ...(note.placement ? { placement: note.placement } : {}),
  };
}

/** The environment that says most (Docker and Kubernetes over Docker alone over none). */
function richestEnvironment(reports: readonly JsonReport[]): Environment | undefined {
  const score = (e: Environment | undefined) => (e ? 1 + (e.docker ? 1 : 0) + (e.kubernetes ? 2 : 0) : 0);
  return reports.map((r) => r.environment).reduce<Environment | undefined>((best, e) => (score(e) > score(best) ? e : best), undefined);
}

export interface MergedReport {
  notes: NoteResult[];
  context: ReportContext;
  /** What is wrong with the set of reports itself: a shard that sent none, a note two shards list. */
  problems: string[];
}

/**
 * The shards' reports as one run: every note once, in name order, under the fail-on the
 * shards ran with. A shard that sent no report, or a note listed twice, is a problem of
 * the merge (it fails the merged verdict): a missing shard's notes were never verified.
 */
export function mergeReports(reports: ReadonlyArray<{ path: string; report: JsonReport }>, expectedShards?: number): MergedReport {
  const problems: string[] = [];
  if (!reports.length) problems.push('no verify-notes JSON report was found');
  const failOns = new Set(reports.map(({ report }) => report.failOn));
  if (failOns.size > 1) problems.push(`the reports were made with different --fail-on (${[...failOns].join(', ')})`);
  const failOn = failOns.has('drift') || failOns.size === 0 ? 'drift' : 'rot';
  const counts = new Set(reports.flatMap(({ report }) => (report.shard ? [report.shard.count] : [])));
  if (counts.size > 1) problems.push(`the reports come from different shard counts (${[...counts].join(', ')})`);
  const count = expectedShards ?? [...counts][0];
  if (count !== undefined) {
    const seen = new Map<number, string>();
    for (const { path, report } of reports) {
      const index = report.shard?.index;
      if (index === undefined) problems.push(`${path}: not a shard's report (no --shard)`);
      else if (seen.has(index)) problems.push(`shard ${index}/${count} sent two reports: ${seen.get(index)} and ${path}`);
      else seen.set(index, path);
    }
    for (let index = 1; index <= count; index++) if (!seen.has(index)) problems.push(`shard ${index}/${count} sent no report: its notes were not verified`);
  }
  const byNote = new Map<string, { path: string; result: NoteResult }>();
  for (const { path, report } of reports) {
    for (const note of report.notes) {
      const earlier = byNote.get(note.note);
      if (earlier) problems.push(`${note.note} is in two reports (${earlier.path} and ${path}): were the shards made from different commits?`);
      else byNote.set(note.note, { path, result: noteResultOf(note) });
    }
  }
  const notes = [...byNote.values()].map(({ result }) => result).sort((a, b) => (a.note < b.note ? -1 : a.note > b.note ? 1 : 0));
  const environment = richestEnvironment(reports.map(({ report }) => report));
  return { notes, context: reportContext(environment, undefined, failOn, count !== undefined ? { count } : undefined), problems };
}
