import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NoteFixture {
  id: string;
  source: string;
  /** How many `<BookChange …>` tags open a line of the note, outside code fences. */
  bookChanges: number;
  originalText?: string;
  /** The original's file name in content/originals/ (its ending says how it is read). */
  originalName?: string;
}

/**
 * `<BookChange` tags in a note's text, counted without the block model (so that a change
 * the model missed shows up as a difference): lines that open one, outside ``` fences.
 */
export function countBookChangeTags(text: string): number {
  let inFence = false;
  let count = 0;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    else if (!inFence && /^\s*<BookChange[\s>]/.test(line)) count++;
  }
  return count;
}

const NOTES_DIR = 'content/notes';

/** Every note of the site, with the student's original text when the note names one. */
export function allNotes(): NoteFixture[] {
  return readdirSync(NOTES_DIR)
    .filter((name) => name.endsWith('.mdx'))
    .map((name) => {
      const source = join(NOTES_DIR, name);
      const text = readFileSync(source, 'utf8');
      const original = /^original:\s*(\S+)\s*$/m.exec(text.split(/^---$/m)[1] ?? '')?.[1];
      return {
        id: name.replace(/\.mdx$/, ''),
        source,
        bookChanges: countBookChangeTags(text),
        ...(original ? { originalName: original, originalText: readFileSync(join('content/originals', original), 'utf8') } : {}),
      };
    });
}
