// The parts' images, the same bits on every machine. Their manifests name images by tag (MetalLB's
// is applied verbatim); a tag can be moved, a digest cannot. So the manifest the nodes get names
// each image one of two ways:
//   - built here (no registry: scripts/airgap/) and loaded into the nodes: by its tag, the name
//     `kind load` gave it (its digest is this machine's build, not the published one);
//   - pulled by the nodes (a machine with a registry): by the published digest pinned in
//     scripts/pinned-environment.json (`partImages`), so a moved tag is never run.
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PINNED_FILE } from '../../core/pinned-environment.ts';
import { runnerTempDir } from '../../core/temp-dirs.ts';
import { SetupError } from '../../core/user-error.ts';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** `partImages` of scripts/pinned-environment.json: image (as the manifests name it) → digest. */
export function partImageDigests(): Readonly<Record<string, string>> {
  const data = JSON.parse(readFileSync(PINNED_FILE, 'utf8')) as { partImages?: unknown };
  const images = data.partImages;
  const wrong = (detail: string) => new SetupError(`${fileURLToPath(PINNED_FILE)}: partImages ${detail}`, 'each image the parts\' manifests name maps to its published digest ("sha256:" and 64 hex digits); restore it with `git checkout -- scripts/pinned-environment.json`');
  if (!images || typeof images !== 'object' || Array.isArray(images)) throw wrong('is missing or not an object');
  for (const [image, digest] of Object.entries(images)) {
    if (typeof digest !== 'string' || !DIGEST.test(digest)) throw wrong(`"${image}": ${JSON.stringify(digest)} is not a digest`);
  }
  return images as Record<string, string>;
}

/** The pinned digest of an image the nodes would pull ('' when none is pinned): part of a part's inputs. */
export function pinnedDigestOf(image: string): string {
  return partImageDigests()[image] ?? '';
}

/**
 * The manifest with every image in `pulled` named by its pinned digest (`name:tag@sha256:…`);
 * the other images (loaded from this machine's Docker) keep their tag. Throws, naming the image,
 * when one the nodes must pull has no pinned digest.
 */
export function manifestForNodes(manifest: string, pulled: readonly string[], digests: Readonly<Record<string, string>> = partImageDigests()): string {
  if (pulled.length === 0) return manifest;
  for (const image of pulled) {
    if (!digests[image]) throw new SetupError(`the image ${image} has no published digest in ${fileURLToPath(PINNED_FILE)} (partImages)`, `add its digest ("${image}": "sha256:…", from the registry's listing of that tag), or build it here (npm run setup)`);
  }
  return manifest.replace(/^(\s*(?:-\s+)?image:\s*)(["']?)([^\s"'@]+)\2(?=\s*$)/gm, (line, head: string, quote: string, image: string) =>
    pulled.includes(image) ? `${head}${quote}${image}@${digests[image]}${quote}` : line,
  );
}

/** Calls `use` with the path of the manifest file as the nodes get it (the file itself when nothing is pulled). */
export async function withManifestForNodes<T>(file: string, pulled: readonly string[], use: (path: string) => Promise<T>): Promise<T> {
  if (pulled.length === 0) return use(file);
  const manifest = manifestForNodes(readFileSync(file, 'utf8'), pulled);
  const dir = await runnerTempDir('part-manifest');
  try {
    const path = join(dir, basename(file));
    await writeFile(path, manifest);
    return await use(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
