import type { Block } from '../../../src/lib/blocks/block.ts';
import type { Environment, NoteRecording, RunRecording } from '../../../src/lib/store/schema.ts';
import type { BlockResult, BlockRun } from '../core/results.ts';
import { runsOf } from '../../../src/lib/store/currency.ts';
import { comparable } from '../../../src/lib/compare.ts';

/**
 * A new recording of a run block, fields in schema order (the file's diffs stay small).
 * `runs`: how many sessions printed this comparison form and exit status (reproduce.ts).
 */
export function recordingOf(block: Block, inputs: readonly string[], run: BlockRun, environment: Environment, runs = 1): RunRecording {
  return {
    kind: 'run',
    hash: block.hash,
    inputs: [...inputs],
    line: block.line,
    exitCode: run.exitCode,
    transcript: run.transcript,
    normalized: run.normalized,
    masks: run.masks,
    ...(run.commands ? { commands: run.commands } : {}),
    durationMs: run.durationMs,
    attempts: run.attempts,
    runs,
    recordedAt: new Date().toISOString(),
    environment: environmentFor(block, environment),
  };
}

/**
 * The part of the run's environment a block's output can depend on: the OS and runner always,
 * Docker for a docker block, Kubernetes and kind for a kind block (and the Docker engine its
 * nodes run on). A docker block recorded in a run that also had a cluster names no Kubernetes.
 */
export function environmentFor(block: Pick<Block, 'meta'>, environment: Environment): Environment {
  const { needs } = block.meta;
  const { docker, kubernetes, kind, ...always } = environment;
  return {
    ...always,
    ...(docker && (needs.includes('docker') || needs.includes('kind')) ? { docker } : {}),
    ...(kubernetes && needs.includes('kind') ? { kubernetes } : {}),
    ...(kind && needs.includes('kind') ? { kind } : {}),
  };
}

/** The versions a block's output can depend on: those of the capabilities it needs. */
function versionsFor(block: Block, environment: Environment): string {
  return JSON.stringify([
    block.meta.needs.includes('docker') ? environment.docker?.server : null,
    block.meta.needs.includes('kind') ? [environment.kubernetes?.server, environment.kubernetes?.client] : null,
  ]);
}

/**
 * Same inputs, same exit code, same comparison form, on the same versions: a new recording
 * would say nothing new, so the old one is kept byte for byte (a re-record of one block
 * must not rewrite the IDs and ages in the transcripts of all the others).
 */
function unchanged(old: RunRecording, fresh: RunRecording, block: Block): boolean {
  return old.hash === fresh.hash && old.inputs.join('\n') === fresh.inputs.join('\n') && old.exitCode === fresh.exitCode && old.normalized === fresh.normalized && versionsFor(block, old.environment) === versionsFor(block, fresh.environment);
}

/**
 * Unchanged as verify compares (column padding aside, compare.ts): the runs that made the old
 * recording printed what verify calls the same, so they count for the new one too.
 */
const agrees = (old: RunRecording, fresh: RunRecording, block: Block) => unchanged({ ...old, normalized: comparable(old.normalized) }, { ...fresh, normalized: comparable(fresh.normalized) }, block);

/**
 * The note's recordings after an --update run that passed (and, with `runs` > 1, whose runs
 * all agreed, reproduce.ts): the checked blocks that ran in
 * their note's order are (re)recorded, file blocks are stamped with their hash, and after a
 * full run recordings of blocks that no longer exist are dropped. Every other recording is
 * kept as it was (only its line is refreshed, so it still points at its block).
 */
export function updatedRecording(existing: NoteRecording, blocks: readonly Block[], results: readonly BlockResult[], inputs: ReadonlyMap<string, readonly string[]>, environment: Environment, fullRun: boolean, runs = 1): NoteRecording {
  const next: NoteRecording = { note: existing.note, source: existing.source, blocks: { ...existing.blocks } };
  for (const block of blocks) {
    if (block.kind === 'file') next.blocks[block.key] = { kind: 'file', hash: block.hash, line: block.line };
    const old = next.blocks[block.key];
    if (old) next.blocks[block.key] = { ...old, line: block.line };
  }
  for (const { status, run, block } of results) {
    if (status !== 'recorded' || !run) continue;
    const fresh = recordingOf(block, inputs.get(block.key) ?? [], run, environment, runs);
    const old = next.blocks[block.key];
    // Changed: the fresh recording (its run count kept when it only moved in column padding).
    if (old?.kind !== 'run' || !unchanged(old, fresh, block)) next.blocks[block.key] = old?.kind === 'run' && agrees(old, fresh, block) ? { ...fresh, runs: Math.max(runs, runsOf(old)) } : fresh;
    // Unchanged: kept byte for byte, but without versions of what the block does not need
    // (recordings made before the environment was narrowed to the block), and reproduced if
    // either says so (the larger count, so that repeated re-records leave the file as it was).
    else next.blocks[block.key] = { ...old, environment: environmentFor(block, old.environment), ...(runs > runsOf(old) ? { runs } : {}) };
  }
  if (fullRun) {
    const keys = new Set(blocks.map((b) => b.key));
    for (const key of Object.keys(next.blocks)) if (!keys.has(key)) delete next.blocks[key];
  }
  return next;
}
