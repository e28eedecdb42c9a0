import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
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
const UNREACHABLE = ['ENOENT', 'ECONNREFUSED', 'EACCES', 'ECONNRESET'];

/**
 * GET `path` from the engine; the parsed JSON body. Bounded by `timeoutMs` of silence.
 * Plain HTTP/1.0 on a socket, not `node:http`: loading that module took ~35 ms of every run's
 * start-up, and the engine's answers need none of it. Asked in HTTP/1.0, the engine (Go's
 * server) closes the connection after its answer, so the answer is everything until the end.
 */
export function engineGet<T>(socketPath: string, path: string, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      done();
    };
    const fail = (error: EngineApiError) => settle(() => reject(error));
    // write, not end: a server may take the client's half-close for a request given up.
    const socket = connect(socketPath, () => socket.write(`GET ${path} HTTP/1.0\r\nHost: docker\r\n\r\n`));
    socket.setTimeout(timeoutMs, () => fail(new EngineApiError(`no answer within ${timeoutMs / 1000} s`, true, true)));
    socket.on('error', (error: NodeJS.ErrnoException) => fail(new EngineApiError(error.message, UNREACHABLE.includes(error.code ?? ''))));
    const answered = () =>
      settle(() => {
        try {
          resolve(answerOf<T>(Buffer.concat(chunks), path));
        } catch (error) {
          reject(error);
        }
      });
    // A server that keeps the connection open all the same has said how long its answer is.
    let ends: ((size: number, last: Buffer) => boolean) | undefined;
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) return fail(new EngineApiError(`GET ${path}: the answer is larger than ${MAX_RESPONSE_BYTES} bytes`, false));
      chunks.push(chunk);
      ends ??= endOf(chunks);
      if (ends?.(size, chunk)) answered();
    });
    socket.on('end', answered);
  });
}

/**
 * Once the head has arrived: how to tell the whole answer has (its Content-Length, or the last
 * chunk of a chunked body); undefined while the head is incomplete.
 */
function endOf(chunks: readonly Buffer[]): ((size: number, last: Buffer) => boolean) | undefined {
  const start = Buffer.concat(chunks.slice(0, 16));
  const headEnd = start.indexOf('\r\n\r\n');
  if (headEnd < 0) return chunks.length >= 16 ? () => false : undefined;
  const head = start.subarray(0, headEnd).toString('latin1');
  if (/^transfer-encoding:\s*chunked\s*$/im.test(head)) return (_size, last) => last.subarray(-5).toString('latin1') === '0\r\n\r\n';
  const length = /^content-length:\s*(\d+)\s*$/im.exec(head)?.[1];
  return length === undefined ? () => false : (size) => size >= headEnd + 4 + Number(length);
}

/** The JSON body of a whole HTTP answer; EngineApiError for anything but a 200 with JSON. */
export function answerOf<T>(answer: Buffer, path: string): T {
  const headEnd = answer.indexOf('\r\n\r\n');
  const head = headEnd < 0 ? '' : answer.subarray(0, headEnd).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
  if (!status) throw new EngineApiError(`GET ${path}: not an HTTP answer`, false);
  const raw = answer.subarray(headEnd + 4);
  const body = (/^transfer-encoding:\s*chunked\s*$/im.test(head) ? unchunked(raw) : raw).toString('utf8');
  if (status !== 200) throw new EngineApiError(`GET ${path}: HTTP ${status}: ${body.trim().slice(0, 300)}`, false);
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new EngineApiError(`GET ${path}: not JSON`, false);
  }
}

/** A chunked body joined (a server may chunk even an HTTP/1.0 answer); ends at the last chunk. */
function unchunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < raw.length) {
    const lineEnd = raw.indexOf('\r\n', at);
    const length = lineEnd < 0 ? NaN : parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(length)) throw new EngineApiError('a chunked answer without its chunk size', false);
    if (length === 0) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + length));
    at = lineEnd + 2 + length + 2;
  }
  return Buffer.concat(parts);
}

/** `?filters=…` as the Engine API takes it: e.g. { label: ['io.kubia-notes.session=x'] }. */
export const filtersQuery = (filters: Record<string, string[]>) => `filters=${encodeURIComponent(JSON.stringify(filters))}`;
