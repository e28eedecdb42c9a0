import { execFile } from 'node:child_process';
import { $ } from 'zx';
import type { Capability } from '../../src/lib/blocks/meta.ts';
import { EXIT, UserError } from './user-error.ts';

/** A capability a note needs that this machine does not offer, with how to get it. */
export class MissingCapability extends UserError {
  readonly capability: Capability;
  constructor(capability: Capability, message: string, hint: string) {
    super(`${capability}: ${message}`, hint, EXIT.missingCapability);
    this.capability = capability;
  }
}

const quiet = $({ quiet: true, nothrow: true, timeout: '20s' });
const ENGINE_ANSWER_MS = 10_000;

export interface DockerInfo {
  client: string;
  server: string;
}

/** Runs a command without a shell; on timeout the command itself is killed (not a shell around it). */
function execBounded(file: string, args: readonly string[], timeoutMs: number): Promise<{ code: number | null; timedOut: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: number | string }) | null;
      resolve({ code: failure ? (typeof failure.code === 'number' ? failure.code : null) : 0, timedOut: Boolean(failure?.killed), stdout, stderr });
    });
  });
}

export async function checkDocker(): Promise<DockerInfo> {
  // An engine that accepts the connection but never answers must not hold the run for long.
  const version = await execBounded('docker', ['version', '--format', '{{.Client.Version}} {{.Server.Version}}'], ENGINE_ANSWER_MS);
  if (version.code === null && !version.timedOut) {
    throw new MissingCapability('docker', 'the docker CLI is not installed', 'install Docker (https://docs.docker.com/engine/install/); on our CI machines: bash scripts/airgap/setup-docker.sh');
  }
  const endpoint = process.env.DOCKER_HOST ?? (process.env.DOCKER_CONTEXT ? `context ${process.env.DOCKER_CONTEXT}` : 'the default endpoint (unix:///var/run/docker.sock or the current docker context)');
  if (version.timedOut) {
    throw new MissingCapability('docker', `the Docker engine at ${endpoint} is not answering (no reply within ${ENGINE_ANSWER_MS / 1000} s)`, 'check it with `docker info`; restart the engine, or point DOCKER_HOST at one that answers');
  }
  const [client, server] = version.stdout.trim().split(' ');
  if (version.code !== 0 || !client || !server) {
    throw new MissingCapability(
      'docker',
      `cannot reach the Docker engine at ${endpoint}: ${(version.stderr || version.stdout).trim().split('\n').at(-1) ?? ''}`,
      'start Docker (Docker Desktop, or `sudo systemctl start docker`); on our CI machines: bash scripts/airgap/setup-docker.sh',
    );
  }
  return { client, server };
}

export async function osDescription(): Promise<string> {
  const release = await quiet`sh -c ${'. /etc/os-release && echo "$PRETTY_NAME"'}`;
  const kernel = await quiet`uname -sr`;
  return [release.stdout.trim(), kernel.stdout.trim()].filter(Boolean).join(', ');
}
