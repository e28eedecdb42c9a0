import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NoteFixture {
  id: string;
  source: string;
  originalText?: string;
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
        ...(original ? { originalText: readFileSync(join('content/originals', original), 'utf8') } : {}),
      };
    });
}

/** A line of the original as it reads on the page: markdown markers gone, spaces collapsed. */
export function lineAsRendered(line: string): string {
  return line
    .replace(/^\s*#{1,6}\s+/, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
