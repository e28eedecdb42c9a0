import type { Block } from '../../src/lib/blocks/block.ts';
import type { Environment, NoteRecording } from '../../src/lib/store/schema.ts';
import type { BlockResult } from './results.ts';
import { recordingOf } from './session.ts';

/**
 * The note's recordings after an --update run that passed: the blocks that ran are replaced,
 * file blocks are stamped with their hash, and after a full run recordings of blocks that no
 * longer exist are dropped. Untouched blocks keep their recording (their line is refreshed).
 */
export function updatedRecording(existing: NoteRecording, blocks: readonly Block[], results: readonly BlockResult[], environment: Environment, fullRun: boolean): NoteRecording {
  const next: NoteRecording = { note: existing.note, source: existing.source, blocks: { ...existing.blocks } };
  for (const block of blocks) {
    if (block.kind === 'file') next.blocks[block.key] = { kind: 'file', hash: block.hash, line: block.line };
    const old = next.blocks[block.key];
    if (old) next.blocks[block.key] = { ...old, line: block.line };
  }
  for (const result of results) {
    if (result.status === 'recorded' && result.run) next.blocks[result.block.key] = recordingOf(result.block, result.run, environment);
  }
  if (fullRun) {
    const keys = new Set(blocks.map((b) => b.key));
    for (const key of Object.keys(next.blocks)) if (!keys.has(key)) delete next.blocks[key];
  }
  return next;
}
