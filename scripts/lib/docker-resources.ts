import { fileURLToPath } from 'node:url';
import { $ } from 'zx';

/** Label the docker shim puts on everything a session creates. */
export const SESSION_LABEL = 'io.kubia-notes.session';
/** Label naming the runner (host:pid:start) of that session: a dead runner's objects are swept. */
export const RUNNER_LABEL = 'io.kubia-notes.runner';

/** Directory holding the `docker` shim; it goes first on a session's PATH. */
export const SHIM_DIR = fileURLToPath(new URL('./shims/', import.meta.url));

const quiet = $({ quiet: true, nothrow: true, timeout: '60s' });

async function lines(command: Promise<{ stdout: string; exitCode: number | null }>): Promise<string[]> {
  const { stdout, exitCode } = await command;
  return exitCode === 0 ? stdout.split('\n').map((line) => line.trim()).filter(Boolean) : [];
}

/** The real docker binary, found before the shim is put on PATH. */
export async function realDocker(): Promise<string> {
  const [path] = await lines(quiet`sh -c ${'command -v docker'}`);
  return path ?? 'docker';
}

export interface DockerLeak {
  kind: 'container' | 'image' | 'network' | 'volume';
  id: string;
  description: string;
}

/** What the session made and did not remove: found by its label, nothing else. */
export async function dockerLeaks(session: string): Promise<DockerLeak[]> {
  const filter = `label=${SESSION_LABEL}=${session}`;
  const [containers, images, networks, volumes] = await Promise.all([
    lines(quiet`docker ps -a --filter ${filter} --format ${'{{.ID}}\t{{.Names}} ({{.Image}}, {{.State}})'}`),
    lines(quiet`docker images --filter ${filter} --format ${'{{.ID}}\t{{.Repository}}:{{.Tag}}'}`),
    lines(quiet`docker network ls --filter ${filter} --format ${'{{.ID}}\t{{.Name}}'}`),
    lines(quiet`docker volume ls --filter ${filter} --format ${'{{.Name}}\t{{.Name}}'}`),
  ]);
  const parse = (kind: DockerLeak['kind']) => (line: string): DockerLeak => {
    const [id = '', description = id] = line.split('\t');
    return { kind, id, description };
  };
  const uniqueImages = [...new Map(images.map(parse('image')).map((leak) => [leak.id, leak])).values()];
  return [...containers.map(parse('container')), ...uniqueImages, ...networks.map(parse('network')), ...volumes.map(parse('volume'))];
}

/** Removes leftovers so a failed note never leaves the machine dirty; containers first. */
export async function removeDockerLeaks(leaks: readonly DockerLeak[]): Promise<void> {
  const of = (kind: DockerLeak['kind']) => leaks.filter((l) => l.kind === kind).map((l) => l.id);
  if (of('container').length) await quiet`docker rm -f -v ${of('container')}`;
  if (of('network').length) await quiet`docker network rm ${of('network')}`;
  if (of('volume').length) await quiet`docker volume rm -f ${of('volume')}`;
  if (of('image').length) await quiet`docker rmi -f ${of('image')}`;
}

/** Recent logs of the session's containers: attached to a failed Docker block's report. */
export async function dockerDiagnostics(session: string): Promise<string> {
  const containers = await lines(quiet`docker ps -a --filter ${`label=${SESSION_LABEL}=${session}`} --format ${'{{.ID}}\t{{.Names}}'}`);
  const parts: string[] = [];
  for (const line of containers.slice(0, 5)) {
    const [id = '', name = id] = line.split('\t');
    const { stdout, stderr } = await quiet`docker logs --tail 20 ${id}`;
    parts.push(`--- docker logs --tail 20 ${name}\n${(stdout + stderr).trimEnd() || '(no output)'}`);
  }
  return parts.join('\n');
}

/** Every object made by some runner, with the runner that made it (`host:pid:start`). */
export async function objectsByRunner(): Promise<Array<DockerLeak & { runner: string }>> {
  const filter = `label=${RUNNER_LABEL}`;
  const runner = `{{.Label "${RUNNER_LABEL}"}}`;
  const [containers, networks, volumes, imageIds] = await Promise.all([
    lines(quiet`docker ps -a --filter ${filter} --format ${`{{.ID}}\t${runner}\t{{.Names}} ({{.Image}}, {{.State}})`}`),
    lines(quiet`docker network ls --filter ${filter} --format ${`{{.ID}}\t${runner}\t{{.Name}}`}`),
    lines(quiet`docker volume ls --filter ${filter} --format ${`{{.Name}}\t${runner}\t{{.Name}}`}`),
    lines(quiet`docker images -q --no-trunc --filter ${filter}`),
  ]);
  const images = imageIds.length ? await lines(quiet`docker image inspect --format ${`{{.Id}}\t{{index .Config.Labels "${RUNNER_LABEL}"}}\t{{join .RepoTags ","}}`} ${[...new Set(imageIds)]}`) : [];
  const parse = (kind: DockerLeak['kind']) => (line: string) => {
    const [id = '', owner = '', description = id] = line.split('\t');
    return { kind, id, runner: owner, description: description || id };
  };
  return [...containers.map(parse('container')), ...images.map(parse('image')), ...networks.map(parse('network')), ...volumes.map(parse('volume'))];
}
