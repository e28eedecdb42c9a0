import { execFile } from 'node:child_process';
import { pinnedEnvironment } from '../core/pinned-environment.ts';

function version(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 10_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') resolve('not installed');
      else if (error && !stdout.trim()) resolve(`error: ${(stderr || error.message).trim().split('\n').at(-1)}`);
      else resolve(stdout.trim());
    });
  });
}

/** --doctor: what this machine offers, next to what the recordings are pinned to. */
export async function doctor(): Promise<string> {
  const pinned = pinnedEnvironment();
  const [dockerClient, dockerServer, kind, kubectl] = await Promise.all([
    version('docker', ['version', '--format', '{{.Client.Version}}']),
    version('docker', ['version', '--format', '{{.Server.Version}}']),
    version('kind', ['version']).then((out) => out.split('\n')[0] ?? ''),
    version('kubectl', ['version', '--client', '-o', 'json']).then((out) => /"gitVersion":\s*"([^"]+)"/.exec(out)?.[1] ?? out),
  ]);
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const kindVersion = /v\d+\.\d+\.\d+/.exec(kind)?.[0] ?? kind;
  return [
    `pinned environment (scripts/pinned-environment.json): kind ${pinned.kind}, Kubernetes ${pinned.kubernetes}, node image ${pinned.nodeImage}`,
    `${mark(/^\d/.test(dockerServer))} Docker engine: ${dockerServer} (client ${dockerClient})`,
    `${mark(kindVersion === pinned.kind)} kind: ${kind}${kindVersion === pinned.kind ? '' : ` (pinned: ${pinned.kind})`}`,
    `${mark(kubectl === pinned.kubernetes)} kubectl: ${kubectl}${kubectl === pinned.kubernetes ? '' : ` (pinned: ${pinned.kubernetes}; the client prints some outputs)`}`,
    `node: ${process.version}`,
    `kind cluster config: ${process.env.KUBIA_NOTES_KIND_CONFIG ?? 'scripts/kind/cluster.yaml (the pinned node image by digest)'}`,
    '',
  ].join('\n');
}
