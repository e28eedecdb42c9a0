import type { RunMeta } from './meta.ts';
import type { TranscriptCommand } from './transcript.ts';

/** One executable (`run`) or file-writing (`file=`) fenced block of a note. */
export interface Block {
  /** Stable key of recorded output: the `id=` of a run block, `file:<path>` for a file block. */
  key: string;
  kind: 'run' | 'file';
  lang: string;
  /** What runs (or is written): for a transcript block, its commands only, never the pasted lines. */
  code: string;
  /** A run block written as a terminal shows it (transcript.ts): each command with what was pasted after it. */
  transcript?: TranscriptCommand[];
  meta: RunMeta;
  /** Raw meta string as written in the fence. */
  rawMeta: string;
  /** Note source path (relative to the project root when known). */
  source: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** sha256 of what the block runs or writes; a recording is valid for this hash only. */
  hash: string;
  /** The note's front-matter aliases, when it has any: the session defines them before a run block. */
  aliases?: Readonly<Record<string, string>>;
}

/** Where a block stands, as editors and CI annotations want it. */
export function blockLocation(block: Pick<Block, 'source' | 'line'>): string {
  return `${block.source}:${block.line}`;
}
