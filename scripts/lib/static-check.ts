import type { Block } from '../../src/lib/blocks/block.ts';
import type { NoteRecording } from '../../src/lib/store/schema.ts';
import type { BlockResult } from './results.ts';

/** Without running anything: does every block have a recording made from its current source? */
export function staticCheck(blocks: readonly Block[], recording: NoteRecording): { results: BlockResult[]; orphans: string[] } {
  const results: BlockResult[] = blocks
    .filter((block) => block.kind === 'run')
    .map((block) => {
      const recorded = recording.blocks[block.key];
      if (!recorded) return { block, status: 'unrecorded', message: 'no recorded output' };
      if (recorded.hash !== block.hash) return { block, status: 'stale', message: 'the block was edited after its output was recorded' };
      return { block, status: 'passed' };
    });
  const keys = new Set(blocks.map((b) => b.key));
  const orphans = Object.keys(recording.blocks).filter((key) => !keys.has(key));
  return { results, orphans };
}
