import type { Block } from '../../src/lib/blocks/block.ts';
import { currencyHint, currencyMessage, currencyOf } from '../../src/lib/store/currency.ts';
import type { NoteRecording } from '../../src/lib/store/schema.ts';
import type { BlockResult } from './results.ts';

/**
 * Without running anything: is every checked block's recording current (currency.ts)?
 * Orphans (recordings of blocks that are gone) are only looked for when the whole note is
 * checked: a filter leaves blocks out, it does not remove them.
 */
export function staticCheck(checked: readonly Block[], inputs: ReadonlyMap<string, readonly string[]>, recording: NoteRecording, allBlocks?: readonly Block[]): { results: BlockResult[]; orphans: string[] } {
  const results: BlockResult[] = checked
    .filter((block) => block.kind === 'run')
    .map((block) => {
      const currency = currencyOf(block, inputs.get(block.key) ?? [], recording.blocks[block.key]);
      if (currency.state === 'current') return { block, status: 'passed' };
      const hint = currencyHint(currency, recording.note);
      const status = currency.state === 'missing' ? 'unrecorded' : currency.state === 'unreproduced' ? 'unreproduced' : 'stale';
      return { block, status, message: currencyMessage(currency, block.key), ...(hint ? { hint } : {}) };
    });
  if (!allBlocks) return { results, orphans: [] };
  const keys = new Set(allBlocks.map((b) => b.key));
  return { results, orphans: Object.keys(recording.blocks).filter((key) => !keys.has(key)) };
}
