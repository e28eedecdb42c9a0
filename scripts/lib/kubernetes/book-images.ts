// The book's images (`image: luksa/kubia` in its manifests), declared in one place:
// scripts/airgap/book-images.json. Each is built from file blocks of a note, so the image a
// reader's pod runs on a registry-less machine is made of exactly what the note shows. A note
// may hold several (chapter 4: luksa/kubia-unhealthy, luksa/ssd-monitor, luksa/batch-job), each
// from its own folder of file blocks (`file=batch-job/Dockerfile`): the entry's `context`.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { blocksOfNote } from '../../../src/lib/blocks/parse-note.ts';
import { SetupError } from '../core/user-error.ts';

export const BOOK_IMAGES_FILE = fileURLToPath(new URL('../../airgap/book-images.json', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A Docker Hub repository path with no host: what a manifest names (`luksa/kubia`, `busybox`). */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** Docker reads a first path component with a dot (or `localhost`) as a registry host. */
const hasNoHost = (name: string) => {
  const [first = '', ...rest] = name.split('/');
  return rest.length === 0 || !(first.includes('.') || first === 'localhost');
};

/** A relative path without `.`/`..` segments: inside the note's work dir. */
const FOLDER = /^(?!\.\.?(?:\/|$))(?!.*\/\.\.?(?:\/|$))[\w.-]+(?:\/[\w.-]+)*$/;

const bookImageSchema = z
  .object({
    /** The repository as the book names it, without a registry host: served as docker.io/<name>. */
    name: z.string().regex(REPOSITORY, 'a Docker Hub repository without a host, e.g. luksa/kubia').refine(hasNoHost, 'no registry host: the mirror serves docker.io names'),
    /** The tag the book's manifests pull (`latest` when they name none). */
    tag: z.string().regex(/^\w[\w.-]{0,127}$/, 'a Docker tag, e.g. latest'),
    /**
     * The note whose file blocks are the build context: a note of the site by name (`week-02` is
     * content/notes/week-02.mdx), or any note of the repository by its path from the repository's
     * root (the runner's chapter notes: `tests/chapters/content/notes/chapter-04.mdx`).
     */
    note: z.union([z.string().regex(/^[\w-]+$/), z.string().regex(FOLDER).refine((path) => path.endsWith('.mdx'))], { error: 'a note name (week-02) or a note\'s path from the repository root (tests/chapters/content/notes/chapter-04.mdx)' }),
    /** The folder of the note's file blocks that is the build context (`batch-job`); the note's root when absent. */
    context: z.string().regex(FOLDER, 'a relative folder of the note\'s file blocks, e.g. batch-job').optional(),
    /** The files of the context (paths inside it, as `file=<context>/<path>` blocks of the note); one of them is the Dockerfile. */
    files: z.array(z.string().regex(FOLDER, 'a relative path inside the context, e.g. app.js')).min(1).refine((files) => files.includes('Dockerfile'), 'the files must include the Dockerfile (at the context\'s root)').refine((files) => new Set(files).size === files.length, 'each file once'),
    /** How the image differs from the published one, and why (the note says it to the reader too). */
    differs: z.string().min(1),
  })
  .strict();

const bookImagesSchema = z.object({ $comment: z.string().optional(), images: z.array(bookImageSchema) }).strict();

export type BookImage = z.infer<typeof bookImageSchema> & {
  /** Where the entry is declared (scripts/airgap/book-images.json, line 7): errors about it start there. */
  declaredAt?: Place;
};

/** A place in a file, as errors and GitHub annotations name it. */
export interface Place {
  file: string;
  line?: number;
}

const shownPlace = (place: Place) => (place.line ? `${place.file}:${place.line}` : place.file);

/** `name:tag`, as a pod's image reference reads. */
export const referenceOf = (image: Pick<BookImage, 'name' | 'tag'>) => `${image.name}:${image.tag}`;

/** The entry as an error names it: where it is declared, its image, its note and context. */
export const entryOf = (image: BookImage) => `${image.declaredAt ? `${shownPlace(image.declaredAt)}: ` : ''}${referenceOf(image)} (note ${image.note}, context ${image.context ?? '(the note\'s root)'})`;

/** The note's file, from the repository root: a bare name is a note of the site. */
export const noteFileOf = (image: Pick<BookImage, 'note'>) => (image.note.endsWith('.mdx') ? image.note : `content/notes/${image.note}.mdx`);

/** The note's `file=` path of a file of the image's context. */
export const blockPathOf = (image: Pick<BookImage, 'context'>, file: string) => (image.context ? `${image.context}/${file}` : file);

/** The place of a part of the declaration (`['images', 2, 'files']`): the deepest part that has one. */
export type Locator = (path: readonly PropertyKey[]) => Place;

/** Lines of a JSON text (read as YAML, its superset, which keeps every node's place). */
export function locatorOf(text: string, file: string): Locator {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return (path) => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return { file, line: lines.linePos(node.range[0]).line };
    }
    return { file };
  };
}

/** The declared images of a parsed file; throws with the field at fault (at its line, given a locator). */
export function parseBookImages(value: unknown, locate?: Locator): BookImage[] {
  const at = (path: readonly PropertyKey[]) => (locate ? `${shownPlace(locate(path))}: ` : '');
  const parsed = bookImagesSchema.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${at(issue.path)}${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n'));
  const images: BookImage[] = parsed.data.images.map((image, index) => (locate ? { ...image, declaredAt: locate(['images', index]) } : image));
  const seen = new Set<string>();
  for (const image of images) {
    if (seen.has(referenceOf(image))) throw new Error(`${at(['images', images.indexOf(image)])}${referenceOf(image)} is declared twice`);
    seen.add(referenceOf(image));
  }
  return images;
}

export function loadBookImages(file = BOOK_IMAGES_FILE): BookImage[] {
  const shown = relative(ROOT, file);
  const display = shown.startsWith('..') || isAbsolute(shown) ? file : shown;
  try {
    const text = readFileSync(file, 'utf8');
    return parseBookImages(JSON.parse(text), locatorOf(text, display));
  } catch (error) {
    throw new SetupError(`${(error as Error).message.startsWith(display) ? '' : `${display}: `}${(error as Error).message}`, 'each entry needs name, tag, note, files (with the Dockerfile) and differs; context names a folder of the note\'s file blocks', { cause: error, location: { file: display } });
  }
}

export interface BuildContext {
  /** path → content, as the note's session writes them. */
  files: Map<string, string>;
  /** The images the Dockerfile builds FROM. */
  bases: string[];
}

/**
 * The build context of an image: its files taken from the note's file blocks (the one block
 * model), `file=<context>/<path>` for each of its files, keyed by the path inside the context.
 */
export async function buildContextOf(image: BookImage, notesDir = join(ROOT, 'content/notes')): Promise<BuildContext> {
  const note = noteFileOf(image);
  const blocks = await blocksOfNote(image.note.endsWith('.mdx') ? join(ROOT, note) : join(notesDir, `${image.note}.mdx`), note);
  const files = new Map<string, string>();
  const missing: string[] = [];
  for (const path of image.files) {
    const block = blocks.find((b) => b.kind === 'file' && b.meta.file === blockPathOf(image, path));
    if (!block) missing.push(`\`file=${blockPathOf(image, path)}\``);
    else files.set(path, block.code.endsWith('\n') ? block.code : `${block.code}\n`);
  }
  if (missing.length) {
    const hint = `add the file block${missing.length > 1 ? 's' : ''} to ${note}, or fix ${image.context ? 'context or ' : ''}files of the entry in scripts/airgap/book-images.json (files are paths inside the context)`;
    throw new SetupError(`${entryOf(image)}: note ${image.note} has no file block ${missing.join(', ')}`, hint, image.declaredAt ? { location: image.declaredAt } : {});
  }
  const dockerfile = files.get('Dockerfile') ?? '';
  const bases = [...dockerfile.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/gim)].map((m) => m[1] as string);
  return { files, bases };
}

/** Every image's build context, or one SetupError naming every entry at fault (each at its line). */
export async function buildContextsOf(images: readonly BookImage[], notesDir?: string): Promise<BuildContext[]> {
  const settled = await Promise.allSettled(images.map((image) => buildContextOf(image, notesDir)));
  const failed = settled.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
  if (failed.length === 1) throw failed[0];
  if (failed.length) throw new SetupError(failed.map((error) => error.message).join('\n'), failed.map((error) => (error as SetupError).hint).find(Boolean) ?? '', { cause: failed[0] });
  return settled.map((result) => (result as PromiseFulfilledResult<BuildContext>).value);
}

/** The hash an image is built for: its declaration, its files and the IDs of its base images. */
export function inputsKey(image: BookImage, context: BuildContext, baseIds: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ name: image.name, tag: image.tag, files: [...context.files.entries()].sort(([a], [b]) => a.localeCompare(b)), baseIds }));
  return hash.digest('hex').slice(0, 32);
}
