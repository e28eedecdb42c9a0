// The docker.io mirror of a cluster on a machine without a container registry: a book manifest
// says `image: luksa/kubia`, containerd in every node asks this mirror first (the offline kind
// config's containerd patch names it), and the mirror serves the book's images
// (scripts/airgap/book-images.json) built here from the notes' own file blocks.
//
// The container itself, and how long it lives: mirror-container.ts.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { blockPathOf, buildContextsOf, inputsKey, loadBookImages, referenceOf, type BookImage, type BuildContext } from './book-images.ts';
import { RUNNER_LABEL } from '../docker/docker-resources.ts';
import { docker, fail, MIRROR_CONTAINER, said, startMirror } from '../docker/mirror-container.ts';
import { runnerTag } from '../core/runner-id.ts';
import { runnerTempDir } from '../core/temp-dirs.ts';

const INPUTS_LABEL = 'io.kubia-notes.inputs';

/** The inputs label of the image the mirror serves under that reference; undefined when it has none. */
async function servedKey(port: number, image: BookImage): Promise<string | undefined> {
  const base = `http://127.0.0.1:${port}/v2/${image.name}`;
  const accept = 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json';
  try {
    const manifest = await fetch(`${base}/manifests/${image.tag}`, { headers: { accept }, signal: AbortSignal.timeout(5_000) });
    if (!manifest.ok) return undefined;
    const digest = ((await manifest.json()) as { config?: { digest?: string } }).config?.digest;
    if (!digest) return undefined;
    const config = await fetch(`${base}/blobs/${digest}`, { signal: AbortSignal.timeout(5_000) });
    if (!config.ok) return undefined;
    return ((await config.json()) as { config?: { Labels?: Record<string, string> } }).config?.Labels?.[INPUTS_LABEL];
  } catch {
    return undefined;
  }
}

/** Builds one book image from its note's file blocks and pushes it; skipped when the mirror has this build. */
async function publish(port: number, image: BookImage, context: BuildContext): Promise<'reused' | 'built'> {
  const baseIds = await Promise.all(context.bases.map(async (base) => (await docker(['image', 'inspect', '-f', '{{.Id}}', base])).stdout.trim() || `missing:${base}`));
  const key = inputsKey(image, context, baseIds);
  if ((await servedKey(port, image)) === key) return 'reused';
  // Named and labelled by this runner: what a killed run leaves here, the next run's sweep removes.
  const dir = await runnerTempDir('book-image');
  const local = `127.0.0.1:${port}/${referenceOf(image)}`;
  try {
    for (const [path, content] of context.files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    const build = await docker(['build', '-q', '--label', `${INPUTS_LABEL}=${key}`, '--label', `${RUNNER_LABEL}=${runnerTag()}`, '-t', local, dir], 300_000);
    if (build.exitCode !== 0) fail(`${referenceOf(image)} did not build from ${image.note}'s ${image.files.map((file) => blockPathOf(image, file)).join(', ')}: ${said(build)}`);
    const push = await docker(['push', '-q', local], 180_000);
    if (push.exitCode !== 0) fail(`${referenceOf(image)} could not be pushed to 127.0.0.1:${port}: ${said(push)}`);
    return 'built';
  } finally {
    // The mirror keeps the image; the local name would only be something left behind.
    await docker(['rmi', local]);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The mirror running on kind's network with every book image at its current build. */
export async function ensureBookMirror(log: (line: string) => void): Promise<void> {
  const started = Date.now();
  // Every entry is checked against its note before anything is built: one error names them all.
  const images = loadBookImages();
  const contexts = await buildContextsOf(images);
  const port = await startMirror(log);
  const results: string[] = [];
  for (const [index, image] of images.entries()) results.push(`${referenceOf(image)} ${await publish(port, image, contexts[index]!)}`);
  log(`docker.io mirror ${MIRROR_CONTAINER}: ${results.join(', ') || 'no book images declared'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
