import type { Block } from '../../../src/lib/blocks/block.ts';
import { comparisonFormOf } from '../../../src/lib/store/command-outputs.ts';
import type { NoteRecording } from '../../../src/lib/store/schema.ts';

/**
 * --renormalize: after a normaliser improved, the comparison forms are made again from the
 * stored transcripts, without running anything. Inputs, hashes and stamps stay: the
 * transcripts are what the commands printed, only their comparison form is refreshed.
 */
export function renormalized(recording: NoteRecording, blocks: readonly Block[]): { recording: NoteRecording; changed: string[] } {
  const next: NoteRecording = { ...recording, blocks: { ...recording.blocks } };
  const changed: string[] = [];
  for (const block of blocks) {
    const old = next.blocks[block.key];
    if (old?.kind !== 'run') continue;
    const { normalized: text, masks, commands } = comparisonFormOf(old, block.meta.normalize);
    if (text === old.normalized && JSON.stringify(masks) === JSON.stringify(old.masks.filter((m) => !m.name.startsWith('secret:')))) continue;
    // Secret masks come from the masking before normalisation: they stay as recorded.
    next.blocks[block.key] = { ...old, normalized: text, ...(commands ? { commands } : {}), masks: [...old.masks.filter((m) => m.name.startsWith('secret:')), ...masks] };
    changed.push(block.key);
  }
  return { recording: next, changed };
}
