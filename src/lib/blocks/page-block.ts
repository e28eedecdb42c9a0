import type { Block } from './block.ts';

/**
 * A block as the site's components receive it from the remark plugin: the block model's
 * typed reading plus the inputs of its recording (chain.ts), serialisable to JSON.
 */
export interface PageBlock {
  key: string;
  kind: Block['kind'];
  hash: string;
  line: number;
  source: string;
  inputs: string[];
  /** A transcript block's commands with what the author pasted after each (transcript.ts). */
  transcript?: Block['transcript'];
  meta: Pick<Block['meta'], 'needs' | 'expectedExit' | 'background' | 'cleanup' | 'normalize' | 'file'> & { retrying: boolean };
}

/** The typed block as the page needs it (the ready= RegExp and the code are not needed there). */
export function pageBlockOf(block: Block, inputs: readonly string[]): PageBlock {
  const { needs, expectedExit, background, cleanup, retryMs, file, normalize } = block.meta;
  return { key: block.key, kind: block.kind, hash: block.hash, line: block.line, source: block.source, inputs: [...inputs], ...(block.transcript ? { transcript: block.transcript } : {}), meta: { needs, expectedExit, background, cleanup, retrying: retryMs !== undefined, normalize, ...(file ? { file } : {}) } };
}
