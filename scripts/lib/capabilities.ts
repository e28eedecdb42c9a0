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

export interface DockerInfo {
  client: string;
  server: string;
}

export async function checkDocker(): Promise<DockerInfo> {
  const which = await quiet`command -v docker`;
  if (which.exitCode !== 0) {
    throw new MissingCapability('docker', 'the docker CLI is not installed', 'install Docker (https://docs.docker.com/engine/install/); on our CI machines: bash scripts/airgap/setup-docker.sh');
  }
  const version = await quiet`docker version --format ${'{{.Client.Version}} {{.Server.Version}}'}`;
  const [client, server] = version.stdout.trim().split(' ');
  if (version.exitCode !== 0 || !client || !server) {
    throw new MissingCapability(
      'docker',
      `cannot reach the Docker engine: ${(version.stderr || version.stdout).trim().split('\n')[0] ?? ''}`,
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
