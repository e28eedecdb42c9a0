import { z } from 'zod';

/** Where a block was run: the versions a reader sees in the "검증됨" stamp. */
export const environmentSchema = z.object({
  os: z.string(),
  docker: z.object({ client: z.string(), server: z.string() }).optional(),
  kubernetes: z
    .object({ client: z.string(), server: z.string(), context: z.string(), cluster: z.string().optional() })
    .optional(),
  kind: z.string().optional(),
  runner: z.string(),
});
export type Environment = z.infer<typeof environmentSchema>;

/** A value a normaliser or the secret masker replaced, listed under the block on the page. */
export const maskSchema = z.object({
  name: z.string(),
  placeholder: z.string(),
  description: z.string(),
  count: z.number().int().nonnegative(),
});
export type Mask = z.infer<typeof maskSchema>;

/** One command of a transcript block: its own output and exit status (src/lib/store/command-outputs.ts). */
export const commandOutputSchema = z.object({
  /** The command as it ran (continuation lines joined with a newline). */
  command: z.string(),
  exitCode: z.number().int(),
  /** What the terminal showed after it, secrets already masked. */
  transcript: z.string(),
  /** Its comparison form, normalised on its own. */
  normalized: z.string(),
});
export type CommandOutput = z.infer<typeof commandOutputSchema>;

export const runRecordingSchema = z.object({
  kind: z.literal('run'),
  /** sha256 of the block's own source and the meta that changes its result. */
  hash: z.string(),
  /**
   * What the session executed before this block, as `key@hash-prefix` in execution order
   * (src/lib/blocks/chain.ts): the output is true only while all of it is unchanged.
   * Recordings made before inputs were tracked read as having none: every block but a
   * note's first is then stale until re-recorded.
   */
  inputs: z.array(z.string()).default([]),
  line: z.number().int(),
  exitCode: z.number().int(),
  /** What the terminal showed (stdout and stderr interleaved), secrets already masked. */
  transcript: z.string(),
  /** The transcript after the named normalisers: what verify compares (the page shows it on request, the transcript first). */
  normalized: z.string(),
  masks: z.array(maskSchema),
  /**
   * A transcript block's commands, each with its own output and status; then `transcript` and
   * `normalized` above are made of them, each command under its `$ ` line. Absent for every
   * other block (and in every recording made before transcript blocks).
   */
  commands: z.array(commandOutputSchema).optional(),
  durationMs: z.number().nonnegative(),
  attempts: z.number().int().positive(),
  /**
   * How many independent sessions of the note (own work dir, namespace, cleanup) printed this
   * comparison form and exit status: `--update` runs a note twice by default and records only
   * what both runs agree on. 2 or more is "reproduced", the only state the page stamps 검증됨.
   * Absent in recordings made before runs were repeated: read as one run (not reproduced).
   */
  runs: z.number().int().positive().optional(),
  recordedAt: z.string(),
  environment: environmentSchema,
});
export type RunRecording = z.infer<typeof runRecordingSchema>;

export const fileRecordingSchema = z.object({
  kind: z.literal('file'),
  hash: z.string(),
  line: z.number().int(),
});

export const blockRecordingSchema = z.discriminatedUnion('kind', [runRecordingSchema, fileRecordingSchema]);
export type BlockRecording = z.infer<typeof blockRecordingSchema>;

/** content/outputs/<note>.json */
export const noteRecordingSchema = z.object({
  note: z.string(),
  source: z.string(),
  blocks: z.record(z.string(), blockRecordingSchema),
});
export type NoteRecording = z.infer<typeof noteRecordingSchema>;

/** What happened to one block on another environment than the pinned one. */
export const freshnessBlockSchema = z.object({
  verdict: z.enum(['passed', 'drift', 'rot', 'failed', 'stale', 'unrecorded', 'not-run', 'skipped']),
  exitCode: z.number().int().optional(),
  /** One line: why it is not `passed`. */
  message: z.string().optional(),
  /** Unified diff of the comparison forms (recorded → this environment), secrets already masked. */
  diff: z.string().optional(),
});
export type FreshnessBlock = z.infer<typeof freshnessBlockSchema>;

/**
 * content/outputs/<note>.<env>.json: the note run on another environment (e.g. the newest
 * kind and Kubernetes) and compared with the pinned recordings, which it never changes.
 */
export const freshnessSchema = z.object({
  note: z.string(),
  environmentName: z.string(),
  ranAt: z.string(),
  environment: environmentSchema,
  blocks: z.record(z.string(), freshnessBlockSchema),
});
export type Freshness = z.infer<typeof freshnessSchema>;
