import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

// The runner's own questions to Docker (which engine version, what a session or a dead run
// left) go to the Engine API over its unix socket: a few ms each, where every `docker` CLI
// call starts a Go binary (≈ 15-40 ms here, ~10 per run). Blocks still use the CLI; where the
// engine is not a local socket (tcp://, ssh://, an unusual context) the runner uses it too.

/** How the engine is reached: its unix socket, or only through the CLI. */
export type DockerEndpoint = { kind: 'socket'; socketPath: string; name: string } | { kind: 'cli'; name: string };

interface ContextMeta {
  Endpoints?: { docker?: { Host?: string } };
}

/** The socket of a `unix://` host, undefined for any other scheme. */
const socketOf = (host: string | undefined) => (host?.startsWith('unix://') ? host.slice('unix://'.length) : undefined);

/**
 * The engine the CLI would talk to, resolved as the CLI does: DOCKER_HOST, then DOCKER_CONTEXT,
 * then the config's currentContext (a context's endpoint is in contexts/meta/<sha256 of its
 * name>/meta.json), else the default socket. KUBIA_NOTES_DOCKER_API=off always uses the CLI.
 */
export function dockerEndpoint(env: NodeJS.ProcessEnv = process.env): DockerEndpoint {
  if (env.KUBIA_NOTES_DOCKER_API === 'off') return { kind: 'cli', name: 'the docker CLI (KUBIA_NOTES_DOCKER_API=off)' };
  if (env.DOCKER_HOST) {
    const socketPath = socketOf(env.DOCKER_HOST);
    return socketPath ? { kind: 'socket', socketPath, name: env.DOCKER_HOST } : { kind: 'cli', name: env.DOCKER_HOST };
  }
  const configDir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  let context = env.DOCKER_CONTEXT;
  if (!context) {
    try {
      context = (JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { currentContext?: string }).currentContext;
    } catch {
      // No config (or an unreadable one): the CLI uses the default context too.
    }
  }
  if (!context || context === 'default') return { kind: 'socket', socketPath: '/var/run/docker.sock', name: 'unix:///var/run/docker.sock' };
  try {
    const meta = JSON.parse(readFileSync(join(configDir, 'contexts', 'meta', createHash('sha256').update(context).digest('hex'), 'meta.json'), 'utf8')) as ContextMeta;
    const host = meta.Endpoints?.docker?.Host;
    const socketPath = socketOf(host);
    return socketPath ? { kind: 'socket', socketPath, name: `context ${context} (${host})` } : { kind: 'cli', name: `context ${context}` };
  } catch {
    return { kind: 'cli', name: `context ${context}` };
  }
}

/** The engine did not answer the API as expected: the caller falls back to the CLI or reports it. */
export class EngineApiError extends Error {
  /** The socket could not be reached at all (ENOENT, ECONNREFUSED, EACCES) or did not answer in time. */
  readonly unreachable: boolean;
  /** It accepted the connection but gave no answer in time. */
  readonly timedOut: boolean;
  constructor(message: string, unreachable: boolean, timedOut = false) {
    super(message);
    this.name = 'EngineApiError';
    this.unreachable = unreachable;
    this.timedOut = timedOut;
  }
}

const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** GET `path` from the engine; the parsed JSON body. Bounded by `timeoutMs`. */
export function engineGet<T>(socketPath: string, path: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { Host: 'docker' }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) req.destroy(new EngineApiError(`GET ${path}: the answer is larger than ${MAX_RESPONSE_BYTES} bytes`, false));
        else chunks.push(chunk);
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new EngineApiError(`GET ${path}: HTTP ${res.statusCode}: ${body.trim().slice(0, 300)}`, false));
        try {
          resolve(JSON.parse(body) as T);
        } catch {
          reject(new EngineApiError(`GET ${path}: not JSON`, false));
        }
      });
      res.on('error', (error) => reject(new EngineApiError(`GET ${path}: ${error.message}`, false)));
    });
    req.on('timeout', () => req.destroy(new EngineApiError(`no answer within ${timeoutMs / 1000} s`, true, true)));
    req.on('error', (error: NodeJS.ErrnoException) => reject(error instanceof EngineApiError ? error : new EngineApiError(error.message, ['ENOENT', 'ECONNREFUSED', 'EACCES', 'ECONNRESET'].includes(error.code ?? ''))));
    req.end();
  });
}

/** `?filters=…` as the Engine API takes it: e.g. { label: ['io.kubia-notes.session=x'] }. */
export const filtersQuery = (filters: Record<string, string[]>) => `filters=${encodeURIComponent(JSON.stringify(filters))}`;
