import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { release, type } from 'node:os';
import { cacheFileOf, readCached, writeCached } from '../cache/cache-files.ts';
import { dockerEndpoint, EngineApiError, engineGet } from './docker-engine.ts';
import { execBounded } from '../core/exec.ts';
import { userCacheDir } from '../cache/user-cache.mjs';
import type { Capability } from '../../../src/lib/blocks/meta.ts';
import { EXIT, UserError } from '../core/user-error.ts';

/** A capability a note needs that this machine does not offer, with how to get it. */
export class MissingCapability extends UserError {
  readonly capability: Capability;
  constructor(capability: Capability, message: string, hint: string) {
    super(`${capability}: ${message}`, hint, EXIT.missingCapability);
    this.capability = capability;
  }
}

const ENGINE_ANSWER_MS = 10_000;

export interface DockerInfo {
  client: string;
  server: string;
}

/** The first executable `name` on PATH, as a shell would find it; undefined when there is none. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

/**
 * The CLI's version, e.g. 26.1.5+dfsg1 (`docker --version`), kept in the user cache for this
 * very binary (path, size, mtime): a warm run starts no docker process to learn it.
 */
async function dockerClientVersion(cli: string): Promise<string | undefined> {
  let key: string;
  try {
    const real = realpathSync(cli);
    const { size, mtimeMs } = statSync(real);
    key = `${real}:${size}:${mtimeMs}`;
  } catch {
    return undefined;
  }
  const file = cacheFileOf(join(userCacheDir(), 'tool-versions'), 'docker');
  const cached = await readCached<string>(file, key);
  if (cached) return cached;
  const answer = await execBounded(cli, ['--version'], { timeoutMs: ENGINE_ANSWER_MS });
  const version = /version ([^,\s]+)/.exec(answer.stdout)?.[1];
  if (answer.exitCode === 0 && version) await writeCached(file, key, version);
  return version;
}

/** Client and engine versions; the engine asked through its API when it is a local socket. */
export async function checkDocker(): Promise<DockerInfo> {
  const cli = onPath('docker');
  if (!cli) throw new MissingCapability('docker', 'the docker CLI is not installed', 'install Docker (https://docs.docker.com/engine/install/); on our CI machines: bash scripts/airgap/setup-docker.sh');
  const endpoint = dockerEndpoint();
  if (endpoint.kind === 'socket') {
    try {
      const [server, client] = await Promise.all([engineGet<{ Version?: string }>(endpoint.socketPath, '/version', ENGINE_ANSWER_MS), dockerClientVersion(cli)]);
      if (server.Version && client) return { client, server: server.Version };
    } catch (error) {
      if (!(error instanceof EngineApiError)) throw error;
      if (error.timedOut) throw notAnswering(endpoint.name);
      // The CLI gets the same question below, and its own words for what is wrong.
    }
  }
  return checkDockerByCli();
}

const notAnswering = (endpoint: string) =>
  new MissingCapability('docker', `the Docker engine at ${endpoint} is not answering (no reply within ${ENGINE_ANSWER_MS / 1000} s)`, 'check it with `docker info`; restart the engine, or point DOCKER_HOST at one that answers');

async function checkDockerByCli(): Promise<DockerInfo> {
  // An engine that accepts the connection but never answers must not hold the run for long.
  const version = await execBounded('docker', ['version', '--format', '{{.Client.Version}} {{.Server.Version}}'], { timeoutMs: ENGINE_ANSWER_MS });
  if (version.exitCode === null && !version.timedOut) {
    throw new MissingCapability('docker', 'the docker CLI is not installed', 'install Docker (https://docs.docker.com/engine/install/); on our CI machines: bash scripts/airgap/setup-docker.sh');
  }
  const endpoint = process.env.DOCKER_HOST ?? (process.env.DOCKER_CONTEXT ? `context ${process.env.DOCKER_CONTEXT}` : 'the default endpoint (unix:///var/run/docker.sock or the current docker context)');
  if (version.timedOut) throw notAnswering(endpoint);
  const [client, server] = version.stdout.trim().split(' ');
  if (version.exitCode !== 0 || !client || !server) {
    throw new MissingCapability(
      'docker',
      `cannot reach the Docker engine at ${endpoint}: ${(version.stderr || version.stdout).trim().split('\n').at(-1) ?? ''}`,
      'start Docker (Docker Desktop, or `sudo systemctl start docker`); on our CI machines: bash scripts/airgap/setup-docker.sh',
    );
  }
  return { client, server };
}

/** E.g. `Debian GNU/Linux 12 (bookworm), Linux 6.1.0`: the distribution (os-release) and the kernel. */
export async function osDescription(): Promise<string> {
  const osRelease = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const pretty = /^PRETTY_NAME=(["']?)(.*)\1$/m.exec(osRelease)?.[2] ?? '';
  return [pretty, `${type()} ${release()}`].filter(Boolean).join(', ');
}
