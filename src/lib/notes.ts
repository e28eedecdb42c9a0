import { getCollection, type CollectionEntry } from 'astro:content';

export type Note = CollectionEntry<'notes'>;

/** Notes grouped by study week, weeks ascending. */
export async function notesByWeek(): Promise<Array<{ week: number; notes: Note[] }>> {
  const notes = await getCollection('notes');
  const weeks = new Map<number, Note[]>();
  for (const note of notes) weeks.set(note.data.week, [...(weeks.get(note.data.week) ?? []), note]);
  return [...weeks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([week, list]) => ({ week, notes: list.sort((a, b) => a.id.localeCompare(b.id)) }));
}
