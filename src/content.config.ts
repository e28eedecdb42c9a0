import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { noteSchema } from './schemas/note.ts';

const notes = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/notes' }),
  schema: noteSchema,
});

export const collections = { notes };
