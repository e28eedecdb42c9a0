import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onPath } from './capabilities.ts';
import { dockerEndpoint, EngineApiError, engineGet, filtersQuery } from './docker-engine.ts';
import { commandWith, outputLines as lines } from '../core/exec.ts';

/** Label the docker shim puts on everything a session creates. */
export const SESSION_LABEL = 'io.kubia-notes.session';
/** Label naming the runner (host:pid:start) of that session: a dead runner's objects are swept. */
export const RUNNER_LABEL = 'io.kubia-notes.runner';

/** Directory holding the `docker` shim; it goes first on a session's PATH. */
export const SHIM_DIR = fileURLToPath(new URL('./shims/', import.meta.url));

/** The shim's labelling `docker` function, put before every block: no extra process per call. */
export const dockerFunction = (): Promise<string> => readFile(join(SHIM_DIR, 'docker-labels.bash'), 'utf8');

const run = commandWith({ timeoutMs: 60_000 });

/** The real docker binary, found before the shim is put on PATH. */
export function realDocker(): string {
  return onPath('docker') ?? 'docker';
}

export interface DockerLeak {
  kind: 'container' | 'image' | 'network' | 'volume';
  id: string;
  description: string;
}

/** Removes leftovers so a failed note never leaves the machine dirty; containers first. */
export async function removeDockerLeaks(leaks: readonly DockerLeak[]): Promise<void> {
  const of = (kind: DockerLeak['kind']) => leaks.filter((l) => l.kind === kind).map((l) => l.id);
  if (of('container').length) await run('docker', ['rm', '-f', '-v', ...of('container')]);
  if (of('network').length) await run('docker', ['network', 'rm', ...of('network')]);
  if (of('volume').length) await run('docker', ['volume', 'rm', '-f', ...of('volume')]);
  if (of('image').length) await run('docker', ['rmi', '-f', ...of('image')]);
}

/** Recent logs of the session's containers: attached to a failed Docker block's report. */
export async function dockerDiagnostics(session: string): Promise<string> {
  const containers = await lines(run('docker', ['ps', '-a', '--filter', `label=${SESSION_LABEL}=${session}`, '--format', '{{.ID}}\t{{.Names}}']));
  const parts: string[] = [];
  for (const line of containers.slice(0, 5)) {
    const [id = '', name = id] = line.split('\t');
    const { stdout, stderr } = await run('docker', ['logs', '--tail', '20', id]);
    parts.push(`--- docker logs --tail 20 ${name}\n${(stdout + stderr).trimEnd() || '(no output)'}`);
  }
  return parts.join('\n');
}

export type RunnerObject = DockerLeak & { runner: string };

const API_TIMEOUT_MS = 60_000;

/** Asks the Engine API when the engine is a local socket, else (or when the API fails) the CLI. */
export async function askEngine<T>(api: (get: <R>(path: string) => Promise<R>) => Promise<T>, cli: () => Promise<T>): Promise<T> {
  const endpoint = dockerEndpoint();
  if (endpoint.kind === 'socket') {
    try {
      return await api((path) => engineGet(endpoint.socketPath, path, API_TIMEOUT_MS));
    } catch (error) {
      if (!(error instanceof EngineApiError)) throw error;
    }
  }
  return cli();
}

interface ApiContainer { Id: string; Names?: string[]; Image: string; State: string; Labels?: Record<string, string> }
interface ApiImage { Id: string; RepoTags?: string[] | null; Labels?: Record<string, string> | null }
interface ApiNetwork { Id: string; Name: string; Labels?: Record<string, string> | null }
interface ApiVolume { Name: string; Labels?: Record<string, string> | null }

/** Everything carrying `label` (a key, or key=value), as the API lists it. */
async function labelled(get: <R>(path: string) => Promise<R>, label: string) {
  const query = filtersQuery({ label: [label] });
  const [containers, images, networks, volumes] = await Promise.all([
    get<ApiContainer[]>(`/containers/json?all=1&${query}`),
    get<ApiImage[]>(`/images/json?${query}`),
    get<ApiNetwork[]>(`/networks?${query}`),
    get<{ Volumes?: ApiVolume[] | null }>(`/volumes?${query}`),
  ]);
  return { containers, images, networks, volumes: volumes.Volumes ?? [] };
}

const shortId = (id: string) => id.replace(/^sha256:/, '').slice(0, 12);
const containerDescription = (c: ApiContainer) => `${(c.Names?.[0] ?? shortId(c.Id)).replace(/^\//, '')} (${c.Image}, ${c.State})`;

/** What the session made and did not remove: found by its label, nothing else. */
export function dockerLeaks(session: string): Promise<DockerLeak[]> {
  return askEngine(async (get) => {
    const found = await labelled(get, `${SESSION_LABEL}=${session}`);
    return [
      ...found.containers.map((c): DockerLeak => ({ kind: 'container', id: shortId(c.Id), description: containerDescription(c) })),
      ...found.images.map((i): DockerLeak => ({ kind: 'image', id: shortId(i.Id), description: i.RepoTags?.[0] ?? '<none>:<none>' })),
      ...found.networks.map((n): DockerLeak => ({ kind: 'network', id: shortId(n.Id), description: n.Name })),
      ...found.volumes.map((v): DockerLeak => ({ kind: 'volume', id: v.Name, description: v.Name })),
    ];
  }, () => dockerLeaksByCli(session));
}

/** Every object made by some runner, with the runner that made it (`host:pid:start`). */
export function objectsByRunner(): Promise<RunnerObject[]> {
  return askEngine(async (get) => {
    const found = await labelled(get, RUNNER_LABEL);
    const owner = (labels: Record<string, string> | null | undefined) => labels?.[RUNNER_LABEL] ?? '';
    return [
      ...found.containers.map((c): RunnerObject => ({ kind: 'container', id: shortId(c.Id), runner: owner(c.Labels), description: containerDescription(c) })),
      ...found.images.map((i): RunnerObject => ({ kind: 'image', id: i.Id, runner: owner(i.Labels), description: i.RepoTags?.join(',') || i.Id })),
      ...found.networks.map((n): RunnerObject => ({ kind: 'network', id: shortId(n.Id), runner: owner(n.Labels), description: n.Name })),
      ...found.volumes.map((v): RunnerObject => ({ kind: 'volume', id: v.Name, runner: owner(v.Labels), description: v.Name })),
    ];
  }, objectsByRunnerByCli);
}

// The same answers from the CLI, for engines the API client does not reach.

async function dockerLeaksByCli(session: string): Promise<DockerLeak[]> {
  const filter = `label=${SESSION_LABEL}=${session}`;
  const [containers, images, networks, volumes] = await Promise.all([
    lines(run('docker', ['ps', '-a', '--filter', filter, '--format', '{{.ID}}\t{{.Names}} ({{.Image}}, {{.State}})'])),
    lines(run('docker', ['images', '--filter', filter, '--format', '{{.ID}}\t{{.Repository}}:{{.Tag}}'])),
    lines(run('docker', ['network', 'ls', '--filter', filter, '--format', '{{.ID}}\t{{.Name}}'])),
    lines(run('docker', ['volume', 'ls', '--filter', filter, '--format', '{{.Name}}\t{{.Name}}'])),
  ]);
  const parse = (kind: DockerLeak['kind']) => (line: string): DockerLeak => {
    const [id = '', description = id] = line.split('\t');
    return { kind, id, description };
  };
  const uniqueImages = [...new Map(images.map(parse('image')).map((leak) => [leak.id, leak])).values()];
  return [...containers.map(parse('container')), ...uniqueImages, ...networks.map(parse('network')), ...volumes.map(parse('volume'))];
}

async function objectsByRunnerByCli(): Promise<RunnerObject[]> {
  const filter = `label=${RUNNER_LABEL}`;
  const runner = `{{.Label "${RUNNER_LABEL}"}}`;
  const [containers, networks, volumes, imageIds] = await Promise.all([
    lines(run('docker', ['ps', '-a', '--filter', filter, '--format', `{{.ID}}\t${runner}\t{{.Names}} ({{.Image}}, {{.State}})`])),
    lines(run('docker', ['network', 'ls', '--filter', filter, '--format', `{{.ID}}\t${runner}\t{{.Name}}`])),
    lines(run('docker', ['volume', 'ls', '--filter', filter, '--format', `{{.Name}}\t${runner}\t{{.Name}}`])),
    lines(run('docker', ['images', '-q', '--no-trunc', '--filter', filter])),
  ]);
  const images = imageIds.length ? await lines(run('docker', ['image', 'inspect', '--format', `{{.Id}}\t{{index .Config.Labels "${RUNNER_LABEL}"}}\t{{join .RepoTags ","}}`, ...new Set(imageIds)])) : [];
  const parse = (kind: DockerLeak['kind']) => (line: string) => {
    const [id = '', owner = '', description = id] = line.split('\t');
    return { kind, id, runner: owner, description: description || id };
  };
  return [...containers.map(parse('container')), ...images.map(parse('image')), ...networks.map(parse('network')), ...volumes.map(parse('volume'))];
}
