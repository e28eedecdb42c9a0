import { blockLocation, type Block } from '../../../src/lib/blocks/block.ts';
import { executionOrder } from '../../../src/lib/blocks/chain.ts';
import { editDistance } from '../../../src/lib/blocks/meta.ts';
import { currencyMessage, currencyOf } from '../../../src/lib/store/currency.ts';
import type { Environment, NoteRecording } from '../../../src/lib/store/schema.ts';
import type { PendingRecording } from './pending-recording.ts';
import { updatedRecording } from './record.ts';
import type { BlockResult, NoteResult } from '../core/results.ts';
import { EXIT, UserError } from '../core/user-error.ts';

// Resuming a recording: a failed --update keeps what passed before the failed block (a pending
// recording, pending-recording.ts), and `--update --from ID` records from ID on, taking the
// recordings of the blocks before ID from it (or from the note's recording) when they are
// still current.

/** The note's run blocks in the order a session runs them, cleanup blocks left out. */
export const mainBlocks = (blocks: readonly Block[]): Block[] => executionOrder(blocks).filter((b) => b.kind === 'run' && !b.meta.cleanup);

const command = (note: string, from?: string) => `npm run verify-notes -- --update --note ${note}${from ? ` --from ${from}` : ''}`;

/**
 * `--from ID` names a run block of the one note the run takes: that note's name, or a usage
 * error at the note's file:line that lists the nearest ids.
 */
export function resumeTarget(notes: ReadonlyArray<{ note: string; source: string; blocks: readonly Block[] }>, from: string): string | undefined {
  const holders = notes.filter((n) => n.blocks.some((b) => b.key === from)).map((n) => n.note);
  if (notes.length > 1) {
    throw new UserError(`--from ${from} resumes one note, and this run takes ${notes.length} (${notes.map((n) => n.note).join(', ')})`, `name it: --note ${holders[0] ?? 'NAME'} --from ${from}${holders.length > 1 ? ` (notes with a block ${from}: ${holders.join(', ')})` : ''}`, EXIT.badInput);
  }
  const [only] = notes;
  if (!only) return undefined;
  const main = mainBlocks(only.blocks);
  if (main.some((b) => b.key === from)) return only.note;
  const other = only.blocks.find((b) => b.key === from);
  const located = (b: Block) => `${b.key} (${blockLocation(b)})`;
  const nearest = [...main].sort((a, b) => editDistance(from, a.key) - editDistance(from, b.key) || a.line - b.line).slice(0, 3);
  const problem = other ? `is a ${other.kind === 'file' ? 'file block' : 'cleanup block'}: a recording resumes at a run block` : 'has no run block with this id';
  throw new UserError(`--from ${from}: ${other ? blockLocation(other) : `${only.source}:1`} ${problem}`, `${nearest.length ? `nearest ids: ${nearest.map(located).join(', ')}; ` : ''}\`npm run verify-notes -- --list --note ${only.note}\` lists them all`, EXIT.badInput, { location: { file: other?.source ?? only.source, line: other?.line ?? 1 } });
}

/** Resuming cannot keep what it would stand on: exit 2, with where to resume instead. */
export class ResumeRefused extends UserError {
  constructor(message: string, hint: string, block: Block) {
    super(message, hint, EXIT.badInput, { location: { file: block.source, line: block.line } });
  }
}

type Inputs = ReadonlyMap<string, readonly string[]>;

/** The blocks `--from` runs unchecked: the note's run blocks before it. */
const runBefore = (blocks: readonly Block[], from: string) => {
  const main = mainBlocks(blocks);
  return main.slice(0, main.findIndex((b) => b.key === from));
};

/** Made from this block and everything its session runs before it (one run is allowed, as --repeat 1 makes). */
const usable = (recording: NoteRecording, block: Block, inputs: Inputs) => ['current', 'unreproduced'].includes(currencyOf(block, inputs.get(block.key) ?? [], recording.blocks[block.key]).state);

/**
 * Is the pending recording still of the note? Stale (to be dropped, with the reason) when none
 * of the blocks before `from` that it holds is current any more: the note changed under it.
 */
export function stalePending(blocks: readonly Block[], inputs: Inputs, pending: PendingRecording, from: string): string | undefined {
  const before = runBefore(blocks, from);
  if (!before.length || before.some((b) => usable(pending.recording, b, inputs))) return undefined;
  return `the pending recording of ${pending.madeAt} no longer matches the note (none of its blocks is current): dropped`;
}

export interface ResumeBase {
  /** The recording the resumed run starts from: the note's, with the pending blocks before ID over it. */
  base: NoteRecording;
  /** What it keeps and from where. */
  notice?: string;
}

/**
 * The recordings `--update --from` keeps for the blocks before `from`: the pending recording's
 * (a failed attempt's), else the note's own. Each must be current: a block edited since
 * refuses the resume, naming the first such block as the place to resume from instead.
 */
export function resumeBase(blocks: readonly Block[], inputs: Inputs, recording: NoteRecording, kept: PendingRecording | undefined, from: string): ResumeBase {
  const before = runBefore(blocks, from);
  const fromPending = new Set(kept ? before.filter((b) => kept.recording.blocks[b.key]).map((b) => b.key) : []);
  const base: NoteRecording = { ...recording, blocks: { ...recording.blocks } };
  for (const key of fromPending) base.blocks[key] = kept?.recording.blocks[key] as NoteRecording['blocks'][string];
  for (const [index, block] of before.entries()) {
    if (usable(base, block, inputs)) continue;
    const where = fromPending.has(block.key) ? `the pending recording of ${kept?.madeAt}` : `content/outputs/${recording.note}.json`;
    const currency = currencyOf(block, inputs.get(block.key) ?? [], base.blocks[block.key]);
    throw new ResumeRefused(
      `--from ${from}: ${blockLocation(block)} ${block.key} runs before it, and its recording in ${where} cannot be kept: ${currencyMessage(currency, block.key)}`,
      index === 0 ? `re-record the whole note: \`${command(recording.note)}\`` : `resume from that block instead (it and every block after it are recorded again): \`${command(recording.note, block.key)}\``,
      block,
    );
  }
  const counts = [fromPending.size ? `${fromPending.size} from the pending recording of ${kept?.madeAt}` : '', before.length - fromPending.size ? `${before.length - fromPending.size} from content/outputs/${recording.note}.json` : ''].filter(Boolean);
  return { base, ...(before.length ? { notice: `resuming at ${from}: the ${before.length} block(s) before it run unchecked, and their recordings are kept (${counts.join(', ')})` } : {}) };
}

/**
 * What a failed attempt can keep: its checked blocks, in the order they ran, up to the first
 * that was not recorded in run 1 or not printed alike by every later run (`laters`), which is
 * where a resume starts. Blocks run unchecked (before --from) are passed over; no `resumeAt`
 * when every checked block was recorded (the note failed elsewhere: a leftover, its cleanup).
 */
export function reproducedPrefix(first: NoteResult, laters: readonly NoteResult[]): { kept: BlockResult[]; resumeAt?: Block } {
  const kept: BlockResult[] = [];
  for (const result of first.blocks) {
    if (result.block.meta.cleanup || result.status === 'prerequisite') continue;
    const alike = result.status === 'recorded' && laters.every((later) => later.blocks.some((b) => b.block.key === result.block.key && b.run));
    if (!alike) return { kept, resumeAt: result.block };
    kept.push(result);
  }
  return { kept };
}

/**
 * The pending recording of a failed attempt: `base`'s recordings (the note's, or what a resume
 * started from) with the reproduced prefix recorded over them, kept for the run blocks before
 * `resumeAt` only. Undefined when there is nothing to keep.
 */
export function pendingOf(base: NoteRecording, blocks: readonly Block[], first: NoteResult, laters: readonly NoteResult[], inputs: ReadonlyMap<string, readonly string[]>, environment: Environment, madeAt = new Date()): PendingRecording | undefined {
  const { kept, resumeAt } = reproducedPrefix(first, laters);
  if (!resumeAt) return undefined;
  const main = mainBlocks(blocks);
  const before = new Set(main.slice(0, main.indexOf(resumeAt)).map((b) => b.key));
  const recorded = updatedRecording(base, blocks, kept, inputs, environment, false, 1 + laters.length);
  const keys = Object.keys(recorded.blocks).filter((key) => before.has(key) && recorded.blocks[key]?.kind === 'run');
  if (!keys.length) return undefined;
  return { resumeAt: resumeAt.key, madeAt: madeAt.toISOString(), recording: { note: base.note, source: base.source, blocks: Object.fromEntries(keys.map((key) => [key, recorded.blocks[key] as NoteRecording['blocks'][string]])) } };
}

/** The line a failed --update adds: what it kept and the command that resumes. */
export function resumeAdvice(pending: PendingRecording, path: string, runs: number): string {
  const kept = Object.keys(pending.recording.blocks).length;
  return `kept the ${kept} block(s) before ${pending.resumeAt} that passed${runs > 1 ? ` and reproduced in ${runs} runs` : ''} as a pending recording (${path}; nothing shows it)\n  hint: fix the block, then resume there: \`${command(pending.recording.note, pending.resumeAt)}\``;
}
