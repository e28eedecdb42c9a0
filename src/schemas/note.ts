import { z } from 'astro/zod';
import { CAPABILITIES } from '../lib/blocks/meta.ts';
import { PROMPT_SHAPE } from '../lib/blocks/prompts.ts';
import { ORIGINAL_NAME } from '../lib/originals/original-file.ts';

/** Frontmatter of a note in content/notes/*.mdx. A bad value fails the build naming file and field. */
export const noteSchema = z.object({
  /** Page title, Korean, e.g. "2주차: 도커와 쿠버네티스 첫걸음". */
  title: z.string().min(1),
  /** Study-group week the note belongs to; the index groups notes by it. */
  week: z.number().int().positive(),
  /** Chapter of Kubernetes in Action the note covers. */
  chapter: z.number().int().positive(),
  /** The chapter's title as the Korean edition prints it. */
  chapterTitle: z.string().min(1),
  /** Book pages (Korean edition) the student's notes cite. */
  citedPages: z.array(z.number().int().positive()).default([]),
  /** One sentence for the note list and the page description. */
  summary: z.string().min(1),
  tags: z.array(z.string().min(1)).default([]),
  /** What the note's run blocks need, shown on the page; may be left out (then derived from their needs=), and when given must hold every need (src/lib/blocks/note-requires.ts). */
  requires: z.array(z.enum(CAPABILITIES)).default([]),
  /**
   * The author's word that the note's Docker objects are its own (every name carries the
   * note's name, no host port, no listing of the whole engine): `verify-notes --jobs N` may
   * run it beside other notes. Kubernetes notes always run alone. Without it the runner reads
   * the note's docker commands itself (scripts/lib/docker/isolation.ts).
   */
  isolated: z.boolean().default(false),
  /** `{ k: kubectl }`: names the note's blocks call, applied in every run block and shown once on the page (src/lib/blocks/note-aliases.ts checks the names). */
  aliases: z.record(z.string(), z.string().min(1)).default({}),
  /** `['PS1> ', 'k8s$ ']`: prompts the note's transcripts use besides `$ `, `bash> ` and `❯ ` (src/lib/blocks/note-prompts.ts reads them). */
  prompts: z.array(z.string().regex(PROMPT_SHAPE, 'a prompt as the terminal shows it, ending in the space before the command, e.g. "PS1> "')).default([]),
  /** File name of the student's original notes in content/originals/ (`.txt` or `.md`), shown verbatim as "원본 노트"; the build checks the note keeps every line of it. */
  original: z.string().regex(ORIGINAL_NAME, 'a file name in content/originals/ ending in .txt, .md or .markdown, e.g. week-02.txt').optional(),
});

export type NoteFrontmatter = z.infer<typeof noteSchema>;
