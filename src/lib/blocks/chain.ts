import type { Block } from './block.ts';

/**
 * How a recording names one thing it was made from: the block's key and a prefix of the
 * hash of its source (`file:app.js@3f2a…`, `docker-build@9c1e…`). Twelve hex digits are
 * plenty to tell two versions of one block apart and keep the recording file readable.
 */
export function inputOf(block: Pick<Block, 'key' | 'hash'>): string {
  return `${block.key}@${block.hash.slice(0, 12)}`;
}

/**
 * The order a session executes a note in: file and run blocks as they stand in the note,
 * cleanup blocks at the end (they always run last, whatever happened before).
 */
export function executionOrder<B extends Pick<Block, 'kind' | 'meta'>>(blocks: readonly B[]): B[] {
  const isCleanup = (b: B) => b.kind === 'run' && b.meta.cleanup;
  return [...blocks.filter((b) => !isCleanup(b)), ...blocks.filter(isCleanup)];
}

/**
 * For every run block, what its session did before it: the inputs of every file and run
 * block executed earlier, in execution order. A run block's output depends on all of them
 * (a changed app.js changes what `docker build` and every later `curl` print), so a
 * recording is current only while this whole prefix, and the block itself, are unchanged.
 */
export function inputsByBlock(blocks: readonly Block[]): Map<string, string[]> {
  const inputs = new Map<string, string[]>();
  const before: string[] = [];
  for (const block of executionOrder(blocks)) {
    if (block.kind === 'run') inputs.set(block.key, [...before]);
    before.push(inputOf(block));
  }
  return inputs;
}
