import type { Block } from '../../../src/lib/blocks/block.ts';
import { currencyHint, currencyMessage, currencyOf } from '../../../src/lib/store/currency.ts';
import { carriedOver, describeRename } from '../../../src/lib/store/renames.ts';
import type { NoteRecording } from '../../../src/lib/store/schema.ts';
import type { BlockResult } from '../core/results.ts';

/**
 * Without running anything: is every checked block's recording current (currency.ts)?
 * A recording whose block only changed its id (renames.ts) is judged under the new id and
 * said to be renamed; it still fails, as the page finds recordings by id: `--renormalize`
 * (no engine) or `--update` files it under the new one.
 * Orphans (recordings of blocks that are gone) are only looked for when the whole note is
 * checked (`full`): a filter leaves blocks out, it does not remove them.
 */
export function staticCheck(checked: readonly Block[], inputs: ReadonlyMap<string, readonly string[]>, filed: NoteRecording, noteBlocks: readonly Block[], full: boolean): { results: BlockResult[]; orphans: string[] } {
  const { recording, renames, displaced } = carriedOver(filed, noteBlocks);
  const renamed = new Map(renames.map((rename) => [rename.to, rename]));
  const results: BlockResult[] = checked
    .filter((block) => block.kind === 'run')
    .map((block) => {
      const currency = currencyOf(block, inputs.get(block.key) ?? [], recording.blocks[block.key]);
      const rename = renamed.get(block.key);
      if (rename && currency.state === 'current') {
        return { block, status: 'stale', message: `${describeRename(rename)}: its recording is current but filed under the old id`, hint: `file it under the new id with \`npm run verify-notes -- --renormalize --note ${recording.note}\` (runs nothing), and commit the recording` };
      }
      if (currency.state === 'current') return { block, status: 'passed' };
      const hint = currencyHint(currency, recording.note);
      const status = currency.state === 'missing' ? 'unrecorded' : currency.state === 'unreproduced' ? 'unreproduced' : 'stale';
      const message = currencyMessage(currency, block.key);
      return { block, status, message: rename ? `${describeRename(rename)}; ${message}` : message, ...(hint ? { hint } : {}) };
    });
  if (!full) return { results, orphans: [] };
  const keys = new Set(noteBlocks.map((b) => b.key));
  return { results, orphans: [...displaced, ...Object.keys(recording.blocks).filter((key) => !keys.has(key))] };
}
