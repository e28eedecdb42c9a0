import type { Block } from '../blocks/block.ts';
import { comparisonFormOf, joinedConsistently } from './command-outputs.ts';
import type { BlockRecording } from './schema.ts';

/** One input of a recording that is not what it was: edited, new before the block, or gone. */
export interface InputChange {
  /** Block key: a run block's id, or `file:<path>` for a file block. */
  key: string;
  change: 'edited' | 'added' | 'removed' | 'reordered';
}

/**
 * Is the recorded output still what the note as it stands would print?
 * - current: made from exactly this block and everything its session ran before it;
 * - stale: the block itself or an earlier input changed since (listed, first one first);
 * - inconsistent: the stored comparison form is not what the normalisers make of the stored
 *   transcript (edited by hand, or the normalisers changed since it was recorded);
 * - unreproduced: made from exactly this note, but by one run only (`--update --repeat 1`, or
 *   recorded before runs were repeated): nothing shows that a second run prints it again;
 * - missing: never recorded.
 */
export type Currency =
  | { state: 'current' }
  | { state: 'missing' }
  | { state: 'stale'; changes: InputChange[] }
  | { state: 'inconsistent' }
  | { state: 'unreproduced' };

/** Sessions that must print the same comparison form before a recording counts as reproduced. */
export const REPRODUCED_RUNS = 2;

/** How many sessions agreed on a run recording: recordings from before runs were repeated count one. */
export const runsOf = (recording: { runs?: number | undefined }): number => recording.runs ?? 1;

type CurrencyBlock = Pick<Block, 'key' | 'hash'> & { meta: Pick<Block['meta'], 'normalize'> };

const keyOf = (input: string) => input.slice(0, input.lastIndexOf('@'));

function inputChanges(recorded: readonly string[], now: readonly string[]): InputChange[] {
  const then = new Map(recorded.map((input) => [keyOf(input), input]));
  const keysNow = new Set(now.map(keyOf));
  const changes: InputChange[] = [];
  for (const input of now) {
    const old = then.get(keyOf(input));
    if (old === undefined) changes.push({ key: keyOf(input), change: 'added' });
    else if (old !== input) changes.push({ key: keyOf(input), change: 'edited' });
  }
  for (const input of recorded) if (!keysNow.has(keyOf(input))) changes.push({ key: keyOf(input), change: 'removed' });
  if (changes.length === 0 && recorded.join('\n') !== now.join('\n')) changes.push({ key: keyOf(now[0] ?? ''), change: 'reordered' });
  return changes;
}

/** The one answer to "may this recording be shown as verified?", for the runner, --static and the page. */
export function currencyOf(block: CurrencyBlock, inputs: readonly string[], recording: BlockRecording | undefined): Currency {
  if (recording?.kind !== 'run') return { state: 'missing' };
  const changes = inputChanges(recording.inputs, inputs);
  if (recording.hash !== block.hash) changes.push({ key: block.key, change: 'edited' });
  if (changes.length) return { state: 'stale', changes };
  if (!joinedConsistently(recording) || comparisonFormOf(recording, block.meta.normalize).normalized !== recording.normalized) return { state: 'inconsistent' };
  if (runsOf(recording) < REPRODUCED_RUNS) return { state: 'unreproduced' };
  return { state: 'current' };
}

/** "file:app.js" → "file app.js", "docker-build" → "block docker-build": how a runner message names an input. */
export function describeInput(key: string): string {
  return key.startsWith('file:') ? `file ${key.slice(5)}` : `block ${key}`;
}

/** One line for the terminal: why the recording is not current. */
export function currencyMessage(currency: Currency, blockKey: string): string {
  switch (currency.state) {
    case 'current':
      return 'current';
    case 'missing':
      return 'no recorded output';
    case 'unreproduced':
      return 'recorded from a single run (--repeat 1, or before --update ran notes twice): not shown to reproduce';
    case 'inconsistent':
      return 'the stored normalised output is not what the normalisers make of the stored transcript (edited by hand, or a normaliser changed since recording)';
    case 'stale': {
      const words = { edited: 'changed', added: 'was added before it', removed: 'was removed', reordered: 'moved' } as const;
      const parts = currency.changes.map((c) => (c.key === blockKey ? 'the block itself changed' : `${describeInput(c.key)} ${words[c.change]}`));
      return `since it was recorded, ${parts.length > 3 ? `${parts.slice(0, 3).join(', ')} and ${parts.length - 3} more` : parts.join(', ')}`;
    }
  }
}

/** What an author does about a recording that is not current. */
export function currencyHint(currency: Currency, note: string): string | undefined {
  if (currency.state === 'inconsistent') return `if a normaliser changed, \`npm run verify-notes -- --renormalize --note ${note}\`; if the recording was edited by hand, restore it with git or re-record with --update`;
  if (currency.state === 'stale' || currency.state === 'missing') return `record it with \`npm run verify-notes -- --update --note ${note}\``;
  if (currency.state === 'unreproduced') return `re-record it with \`npm run verify-notes -- --update --note ${note}\` (runs the note twice and records only what both runs print)`;
  return undefined;
}
