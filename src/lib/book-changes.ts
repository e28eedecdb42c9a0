import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import type { Block } from './blocks/block.ts';
import type { BookChange } from './blocks/book-change.ts';
import { inputsByBlock } from './blocks/chain.ts';
import { noteModelOf } from './blocks/extract.ts';
import { parseMdx } from './blocks/parse-note.ts';
import type { Note } from './notes.ts';
import { currencyOf, type Currency } from './store/currency.ts';
import type { RunRecording } from './store/schema.ts';
import { freshnessFor, recordingFor } from './store/site-recordings.ts';
import { noteNameOf } from '../plugins/remark-run-blocks.ts';

/** A block a change names, with what the page says about its recording. */
export interface ChangeBlock {
  key: string;
  /** The same answer the note page's output panel gets: only `current` is stamped 검증됨. */
  currency: Currency;
  recording: RunRecording | undefined;
  needs: Block['meta']['needs'];
  freshness: ReturnType<typeof freshnessFor>;
}

export interface NoteChanges {
  note: Note;
  changes: Array<{ change: BookChange; proof: ChangeBlock; bookRun: ChangeBlock | undefined }>;
}

function changeBlock(note: string, block: Block, inputs: Map<string, string[]>): ChangeBlock {
  const recording = recordingFor(note, block.key);
  return {
    key: block.key,
    currency: currencyOf(block, inputs.get(block.key) ?? [], recording),
    recording: recording?.kind === 'run' ? recording : undefined,
    needs: block.meta.needs,
    freshness: freshnessFor(note, block.key),
  };
}

/**
 * Every `<BookChange>` of the notes, read by the block model from the notes' source (the
 * same reading that checks them and anchors them on the note page), with the currency of
 * the blocks they name, decided as the note page decides it.
 */
export async function bookChangesByNote(notes: readonly Note[]): Promise<NoteChanges[]> {
  const result: NoteChanges[] = [];
  for (const note of notes) {
    if (!note.filePath) continue;
    const source = relative(process.cwd(), resolve(note.filePath));
    const { codes, bookChanges } = noteModelOf(parseMdx(await readFile(note.filePath, 'utf8'), source), source);
    if (!bookChanges.length) continue;
    const blocks = codes.flatMap(({ block }) => (block ? [block] : []));
    const inputs = inputsByBlock(blocks);
    const name = noteNameOf(note.filePath);
    const blockOf = (key: string) => changeBlock(name, blocks.find((b) => b.key === key) as Block, inputs);
    result.push({
      note,
      changes: bookChanges.map(({ change }) => ({ change, proof: blockOf(change.proof), bookRun: change.bookRun ? blockOf(change.bookRun) : undefined })),
    });
  }
  return result;
}
