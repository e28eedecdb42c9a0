// The docker.io mirror of a cluster on a machine without a container registry: a book manifest
// says `image: luksa/kubia`, containerd in every node asks this mirror first (the offline kind
// config's containerd patch names it), and the mirror serves the book's images
// (scripts/airgap/book-images.json) built here from the notes' own file blocks.
//
// It is a `registry:2` container (Debian's docker-registry, built by scripts/airgap/images.sh) on
// kind's Docker network, where the nodes resolve it by name: no address to discover, nothing on
// the machine's other interfaces. The host pushes through an ephemeral port on 127.0.0.1 only (the
// week 2 note runs its own registry on port 5000). Its storage lives in the user cache, so a new
// mirror container serves what an earlier one was given; it is removed with the last kind cluster.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildContextOf, inputsKey, loadBookImages, referenceOf, type BookImage } from './book-images.ts';
import { execBounded, type CommandOutput } from './exec.ts';
import { SetupError } from './user-error.ts';
import { userCacheDir } from './user-cache.mjs';

export const MIRROR_CONTAINER = 'kubia-notes-mirror';
/** What the offline kind config's containerd patch names for docker.io (kind-config.ts looks for it). */
export const MIRROR_ENDPOINT = `http://${MIRROR_CONTAINER}:5000`;
/** Debian's docker-registry 2.8, as scripts/airgap/images.sh builds it. */
const MIRROR_IMAGE = 'registry:2';
/** kind's Docker network: every kind node is on it. */
const KIND_NETWORK = 'kind';
const MIRROR_LABEL = 'io.kubia-notes.mirror';
const INPUTS_LABEL = 'io.kubia-notes.inputs';

const docker = (args: string[], timeoutMs = 60_000) => execBounded('docker', args, { timeoutMs });
const said = (result: CommandOutput) => (result.stderr || result.stdout).trim().split('\n').slice(-3).join('\n');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fail(message: string): never {
  throw new SetupError(`the book-image mirror (${MIRROR_CONTAINER}): ${message}`, 'the offline kind config (scripts/airgap/kind/kind-config.yaml) needs it; `npm run setup` builds registry:2 and node:24 on this machine');
}

/** The mirror container running on kind's network; returns the 127.0.0.1 port the host pushes to. */
async function startMirror(log: (line: string) => void): Promise<number> {
  const state = await docker(['container', 'inspect', '-f', '{{.State.Running}} {{json .NetworkSettings.Networks}}', MIRROR_CONTAINER]);
  if (state.exitCode !== 0) {
    const storage = join(userCacheDir(), 'mirror');
    await mkdir(storage, { recursive: true });
    const run = await docker(['run', '-d', '--name', MIRROR_CONTAINER, '--label', `${MIRROR_LABEL}=docker.io`, '--network', KIND_NETWORK, '-p', '127.0.0.1::5000', '-v', `${storage}:/var/lib/registry`, MIRROR_IMAGE]);
    if (run.exitCode !== 0) fail(`it could not start: ${said(run)}`);
    log(`started the docker.io mirror ${MIRROR_CONTAINER} on Docker network ${KIND_NETWORK} (storage ${storage})`);
  } else {
    if (!state.stdout.startsWith('true')) {
      const start = await docker(['start', MIRROR_CONTAINER]);
      if (start.exitCode !== 0) fail(`it could not be restarted: ${said(start)}`);
    }
    if (!state.stdout.includes(`"${KIND_NETWORK}"`)) {
      const connect = await docker(['network', 'connect', KIND_NETWORK, MIRROR_CONTAINER]);
      if (connect.exitCode !== 0) fail(`it could not join Docker network ${KIND_NETWORK}: ${said(connect)}`);
    }
  }
  const port = Number(/127\.0\.0\.1:(\d+)/.exec((await docker(['port', MIRROR_CONTAINER, '5000/tcp'])).stdout)?.[1]);
  if (!port) fail('it publishes no port on 127.0.0.1');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status, () => 0);
    if (answer === 200) return port;
    if (Date.now() > deadline) fail(`no answer on 127.0.0.1:${port}/v2/ within 20 s (docker logs ${MIRROR_CONTAINER})`);
    await sleep(200);
  }
}

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
async function publish(port: number, image: BookImage): Promise<'reused' | 'built'> {
  const context = await buildContextOf(image);
  const baseIds = await Promise.all(context.bases.map(async (base) => (await docker(['image', 'inspect', '-f', '{{.Id}}', base])).stdout.trim() || `missing:${base}`));
  const key = inputsKey(image, context, baseIds);
  if ((await servedKey(port, image)) === key) return 'reused';
  const dir = await mkdtemp(join(tmpdir(), 'kubia-notes-book-image-'));
  const local = `127.0.0.1:${port}/${referenceOf(image)}`;
  try {
    for (const [path, content] of context.files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    const build = await docker(['build', '-q', '--label', `${INPUTS_LABEL}=${key}`, '-t', local, dir], 300_000);
    if (build.exitCode !== 0) fail(`${referenceOf(image)} did not build from ${image.note}'s ${image.files.join(', ')}: ${said(build)}`);
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
  const port = await startMirror(log);
  const results: string[] = [];
  for (const image of loadBookImages()) results.push(`${referenceOf(image)} ${await publish(port, image)}`);
  log(`docker.io mirror ${MIRROR_CONTAINER}: ${results.join(', ') || 'no book images declared'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Removes the mirror container (its storage stays in the user cache); true when there was one. */
export async function removeBookMirror(): Promise<boolean> {
  const exists = (await docker(['container', 'inspect', '-f', '{{.Id}}', MIRROR_CONTAINER])).exitCode === 0;
  if (exists) await docker(['rm', '-f', '-v', MIRROR_CONTAINER]);
  return exists;
}
