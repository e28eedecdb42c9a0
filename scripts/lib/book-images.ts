// The book's images (`image: luksa/kubia` in its manifests), declared in one place:
// scripts/airgap/book-images.json. Each is built from file blocks of a note, so the image a
// reader's pod runs on a registry-less machine is made of exactly what the note shows.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { blocksOfNote } from '../../src/lib/blocks/parse-note.ts';
import { SetupError } from './user-error.ts';

export const BOOK_IMAGES_FILE = fileURLToPath(new URL('../airgap/book-images.json', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A Docker Hub repository path with no host: what a manifest names (`luksa/kubia`, `busybox`). */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** Docker reads a first path component with a dot (or `localhost`) as a registry host. */
const hasNoHost = (name: string) => {
  const [first = '', ...rest] = name.split('/');
  return rest.length === 0 || !(first.includes('.') || first === 'localhost');
};

const bookImageSchema = z
  .object({
    /** The repository as the book names it, without a registry host: served as docker.io/<name>. */
    name: z.string().regex(REPOSITORY, 'a Docker Hub repository without a host, e.g. luksa/kubia').refine(hasNoHost, 'no registry host: the mirror serves docker.io names'),
    /** The tag the book's manifests pull (`latest` when they name none). */
    tag: z.string().regex(/^\w[\w.-]{0,127}$/, 'a Docker tag, e.g. latest'),
    /** The note (content/notes/<note>.mdx) whose file blocks are the build context. */
    note: z.string().regex(/^[\w-]+$/, 'a note name, e.g. week-02'),
    /** The file blocks (`file=` paths) that make the build context; one of them is the Dockerfile. */
    files: z.array(z.string().min(1)).min(1).refine((files) => files.includes('Dockerfile'), 'the files must include the Dockerfile').refine((files) => new Set(files).size === files.length, 'each file once'),
    /** How the image differs from the published one, and why (the note says it to the reader too). */
    differs: z.string().min(1),
  })
  .strict();

const bookImagesSchema = z.object({ $comment: z.string().optional(), images: z.array(bookImageSchema) }).strict();

export type BookImage = z.infer<typeof bookImageSchema>;

/** `name:tag`, as a pod's image reference reads. */
export const referenceOf = (image: Pick<BookImage, 'name' | 'tag'>) => `${image.name}:${image.tag}`;

/** The declared images of a parsed file; throws with the field at fault. */
export function parseBookImages(value: unknown): BookImage[] {
  const parsed = bookImagesSchema.safeParse(value);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; '));
  const seen = new Set<string>();
  for (const image of parsed.data.images) {
    if (seen.has(referenceOf(image))) throw new Error(`${referenceOf(image)} is declared twice`);
    seen.add(referenceOf(image));
  }
  return parsed.data.images;
}

export function loadBookImages(file = BOOK_IMAGES_FILE): BookImage[] {
  try {
    return parseBookImages(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new SetupError(`${file}: ${(error as Error).message}`, 'each entry needs name, tag, note, files (with the Dockerfile) and differs', { cause: error });
  }
}

export interface BuildContext {
  /** path → content, as the note's session writes them. */
  files: Map<string, string>;
  /** The images the Dockerfile builds FROM. */
  bases: string[];
}

/** The build context of an image: its files taken from the note's file blocks (the one block model). */
export async function buildContextOf(image: BookImage, notesDir = join(ROOT, 'content/notes')): Promise<BuildContext> {
  const blocks = await blocksOfNote(join(notesDir, `${image.note}.mdx`), `content/notes/${image.note}.mdx`);
  const files = new Map<string, string>();
  for (const path of image.files) {
    const block = blocks.find((b) => b.kind === 'file' && b.meta.file === path);
    if (!block) throw new SetupError(`${referenceOf(image)}: note ${image.note} has no file block \`file=${path}\``, `add the block to content/notes/${image.note}.mdx or fix files in scripts/airgap/book-images.json`);
    files.set(path, block.code.endsWith('\n') ? block.code : `${block.code}\n`);
  }
  const dockerfile = files.get('Dockerfile') ?? '';
  const bases = [...dockerfile.matchAll(/^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)/gim)].map((m) => m[1] as string);
  return { files, bases };
}

/** The hash an image is built for: its declaration, its files and the IDs of its base images. */
export function inputsKey(image: BookImage, context: BuildContext, baseIds: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ name: image.name, tag: image.tag, files: [...context.files.entries()].sort(([a], [b]) => a.localeCompare(b)), baseIds }));
  return hash.digest('hex').slice(0, 32);
}
