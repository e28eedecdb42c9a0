// The container of the docker.io mirror (book-mirror.ts says what it serves): a `registry:2`
// container (Debian's docker-registry, built by scripts/airgap/images.sh) on kind's Docker network,
// where the nodes resolve it by name: no address to discover, nothing on the machine's other
// interfaces. The host pushes through an ephemeral port on 127.0.0.1 only (the week 2 note runs
// its own registry on port 5000). Its storage lives in the user cache, so a new mirror container
// serves what an earlier one was given. It lives as long as a kind cluster names it.
//
// Kept apart from the building and pushing so that the sweep at the start of every run can ask
// whether the mirror is still used without loading the block model.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execBounded, outputLines, type CommandOutput } from '../core/exec.ts';
import { SetupError } from '../core/user-error.ts';
import { userCacheDir } from '../cache/user-cache.mjs';
import { askEngine } from './docker-resources.ts';
import { filtersQuery } from './docker-engine.ts';

export const MIRROR_CONTAINER = 'kubia-notes-mirror';
/** What the offline kind config's containerd patch names for docker.io (kind-config.ts looks for it). */
export const MIRROR_ENDPOINT = `http://${MIRROR_CONTAINER}:5000`;
/** Debian's docker-registry 2.8, as scripts/airgap/images.sh builds it. */
const MIRROR_IMAGE = 'registry:2';
/** kind's Docker network: every kind node is on it. */
const KIND_NETWORK = 'kind';
const MIRROR_LABEL = 'io.kubia-notes.mirror';
/**
 * The storage a mirror container was started on: a token written into the storage dir and put
 * on the container as this label. A dir deleted (or replaced) under a running mirror no longer
 * holds the token; the container is then replaced: the registry still writes into the deleted
 * dir it has open, and answered the next push with an unexplained HTTP 500.
 */
const STORAGE_LABEL = 'io.kubia-notes.mirror-storage';
const STORAGE_TOKEN_FILE = '.kubia-notes-mirror';
/** kind's label on its node containers: the cluster each belongs to (what `kind get clusters` lists). */
const KIND_CLUSTER_LABEL = 'io.x-k8s.kind.cluster';

export const docker = (args: string[], timeoutMs = 60_000) => execBounded('docker', args, { timeoutMs });
export const said = (result: CommandOutput) => (result.stderr || result.stdout).trim().split('\n').slice(-3).join('\n');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function fail(message: string, hint = 'the offline kind config (scripts/airgap/kind/kind-config.yaml) needs it; `npm run setup` builds registry:2 and node:24 on this machine'): never {
  throw new SetupError(`the book-image mirror (${MIRROR_CONTAINER}): ${message}`, hint);
}

interface MirrorContainer {
  /** It carries the mirror label: verify-notes made it. A container of that name without it is someone else's. */
  ours: boolean;
  running: boolean;
  /** The storage token it was started with. */
  storageToken: string;
  networks: string;
}

/** The container named kubia-notes-mirror, if there is one. */
async function mirrorContainer(): Promise<MirrorContainer | undefined> {
  const format = `{{index .Config.Labels "${MIRROR_LABEL}"}}|{{index .Config.Labels "${STORAGE_LABEL}"}}|{{.State.Running}}|{{json .NetworkSettings.Networks}}`;
  const state = await docker(['container', 'inspect', '-f', format, MIRROR_CONTAINER]);
  if (state.exitCode !== 0) return undefined;
  const [label = '', storageToken = '', running = '', ...networks] = state.stdout.trim().split('|');
  return { ours: label === 'docker.io', running: running === 'true', storageToken, networks: networks.join('|') };
}

const storageDir = () => join(userCacheDir(), 'mirror');
const storageToken = () => readFile(join(storageDir(), STORAGE_TOKEN_FILE), 'utf8').then((text) => text.trim(), () => '');

/** The mirror container as it is; throws when a container of its name is someone else's. */
export async function ownMirrorContainer(): Promise<MirrorContainer | undefined> {
  const state = await mirrorContainer();
  if (state && !state.ours) {
    fail(`a container of that name exists that verify-notes did not make (it has no label ${MIRROR_LABEL}=docker.io)`, `the offline kind config's containerd sends docker.io pulls to ${MIRROR_ENDPOINT}: rename that container (\`docker rename ${MIRROR_CONTAINER} <other name>\`) or remove it, then run again`);
  }
  return state;
}

/** The mirror container running on kind's network; returns the 127.0.0.1 port the host pushes to. */
export async function startMirror(log: (line: string) => void): Promise<number> {
  const storage = storageDir();
  let state = await ownMirrorContainer();
  if (state && state.storageToken !== (await storageToken())) {
    await docker(['rm', '-f', '-v', MIRROR_CONTAINER]);
    log(`replaced the docker.io mirror ${MIRROR_CONTAINER}: its storage ${storage} was removed or replaced under it; the book images are pushed again`);
    state = undefined;
  }
  if (!state) {
    await mkdir(storage, { recursive: true });
    // A mirror removed by hand leaves its storage and token: the new one serves what is there.
    const token = (await storageToken()) || randomBytes(8).toString('hex');
    await writeFile(join(storage, STORAGE_TOKEN_FILE), `${token}\n`);
    const run = await docker(['run', '-d', '--name', MIRROR_CONTAINER, '--label', `${MIRROR_LABEL}=docker.io`, '--label', `${STORAGE_LABEL}=${token}`, '--network', KIND_NETWORK, '-p', '127.0.0.1::5000', '-v', `${storage}:/var/lib/registry`, MIRROR_IMAGE]);
    if (run.exitCode !== 0) fail(`it could not start: ${said(run)}`);
    log(`started the docker.io mirror ${MIRROR_CONTAINER} on Docker network ${KIND_NETWORK} (storage ${storage})`);
  } else {
    if (!state.running) {
      const start = await docker(['start', MIRROR_CONTAINER]);
      if (start.exitCode !== 0) fail(`it could not be restarted: ${said(start)}`);
    }
    if (!state.networks.includes(`"${KIND_NETWORK}"`)) {
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

/** Whether the kind node's containerd sends docker.io pulls to the mirror; also for a stopped node. */
async function nodeUsesMirror(node: string): Promise<boolean> {
  // `docker cp … -` writes a tar stream; the config's text is in it as it is.
  const config = await docker(['cp', `${node}:/etc/containerd/config.toml`, '-']);
  // A node that cannot be read may still need the mirror: keep it.
  return config.exitCode !== 0 || config.stdout.includes(MIRROR_ENDPOINT);
}

/** The kind clusters on this engine whose nodes pull docker.io through the mirror. */
async function clustersUsingMirror(): Promise<string[]> {
  const nodes = await outputLines(docker(['ps', '-a', '--filter', `label=${KIND_CLUSTER_LABEL}`, '--format', `{{.Label "${KIND_CLUSTER_LABEL}"}}\t{{.Names}}`]));
  const nodeOf = new Map(nodes.map((line) => line.split('\t') as [string, string]));
  const users: string[] = [];
  for (const [cluster, node] of nodeOf) if (await nodeUsesMirror(node)) users.push(cluster);
  return users;
}

/**
 * Whether a container of the mirror's name carries its label. Every run's sweep asks: through
 * the Engine API where it can (a few ms, where `docker container inspect` starts a Go binary).
 */
function ownMirrorMayExist(): Promise<boolean> {
  const labelled = `/containers/json?all=1&${filtersQuery({ label: [`${MIRROR_LABEL}=docker.io`] })}`;
  return askEngine(
    async (get) => (await get<Array<{ Names?: string[] }>>(labelled)).some((container) => container.Names?.includes(`/${MIRROR_CONTAINER}`)),
    async () => (await mirrorContainer())?.ours ?? false,
  );
}

/**
 * The mirror serves kind clusters made from the offline config only: it is removed (its storage
 * stays in the user cache) once no cluster names it: after the last such cluster was deleted by a
 * run, or by hand (`kind delete cluster`; the next run removes it then). A container of that name
 * that verify-notes did not make is never touched. Returns what was done, for the log.
 */
export async function removeUnusedBookMirror(): Promise<string | undefined> {
  if (!(await ownMirrorMayExist())) return undefined;
  const state = await mirrorContainer();
  if (!state?.ours || (await clustersUsingMirror()).length) return undefined;
  await docker(['rm', '-f', '-v', MIRROR_CONTAINER]);
  return `removed the docker.io mirror ${MIRROR_CONTAINER}: no kind cluster uses it any more (its storage stays in ${storageDir()})`;
}
