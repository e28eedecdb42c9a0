import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EngineApiError, engineGet } from '../../../scripts/lib/docker/docker-engine.ts';

// engineGet against servers on a unix socket of the test's own: Node's HTTP server, and raw
// answers a server may give (chunked, an error, silence), as the engine's socket would.
describe('engineGet: the runner\'s HTTP/1.0 client of the Engine API', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kn-engine-get-'));
  const servers: Server[] = [];
  after(() => {
    for (const server of servers) server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  let n = 0;
  const listen = async (server: Server) => {
    const socket = join(dir, `s${n++}.sock`);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    return socket;
  };
  /** A server that reads the request, answers `raw` and closes, as the engine does for HTTP/1.0. */
  const answering = (raw: string, seen?: string[]) =>
    listen(
      createServer((connection) => {
        connection.once('data', (request) => {
          seen?.push(request.toString('latin1'));
          connection.end(raw);
        });
      }),
    );

  it('gets the JSON of a real HTTP server, asking in HTTP/1.0 with the path as given', async () => {
    const socket = await listen(createHttpServer((request, response) => response.end(JSON.stringify({ Version: '26.1.5', path: request.url, http: request.httpVersion }))));
    assert.deepEqual(await engineGet(socket, '/containers/json?all=1&filters=%7B%7D', 5_000), { Version: '26.1.5', path: '/containers/json?all=1&filters=%7B%7D', http: '1.0' });
  });

  it('joins a chunked body', async () => {
    const seen: string[] = [];
    const socket = await answering('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n[1, 2\r\n4\r\n, 3]\r\n0\r\n\r\n', seen);
    assert.deepEqual(await engineGet(socket, '/images/json', 5_000), [1, 2, 3]);
    assert.match(seen[0] ?? '', /^GET \/images\/json HTTP\/1\.0\r\nHost: docker\r\n\r\n$/);
  });

  it('takes the answer without waiting for the close when a server keeps the connection (Content-Length, or chunked)', async () => {
    const keeping = (raw: string) => listen(createServer((connection) => connection.once('data', () => connection.write(raw))));
    const sized = await keeping('HTTP/1.1 200 OK\r\nContent-Length: 17\r\nConnection: keep-alive\r\n\r\n{"Version":"1.0"}');
    assert.deepEqual(await engineGet(sized, '/version', 2_000), { Version: '1.0' });
    const chunked = await keeping('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n0\r\n\r\n');
    assert.deepEqual(await engineGet(chunked, '/images/json', 2_000), []);
  });

  it('rejects an error status with the engine\'s words, and an answer that is not JSON or not HTTP', async () => {
    const notFound = await answering('HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{"message":"No such container: x"}\n');
    await assert.rejects(engineGet(notFound, '/containers/x/json', 5_000), (error: unknown) => error instanceof EngineApiError && !error.unreachable && /HTTP 404: \{"message":"No such container: x"\}/.test(error.message));
    const html = await answering('HTTP/1.1 200 OK\r\n\r\n<html>');
    await assert.rejects(engineGet(html, '/version', 5_000), /GET \/version: not JSON/);
    const garbage = await answering('SSH-2.0-OpenSSH\r\n');
    await assert.rejects(engineGet(garbage, '/version', 5_000), /not an HTTP answer/);
  });

  it('says unreachable for a socket nobody listens on, and timed out for one that never answers', async () => {
    await assert.rejects(engineGet(join(dir, 'none.sock'), '/version', 5_000), (error: unknown) => error instanceof EngineApiError && error.unreachable && !error.timedOut);
    const silent = await listen(createServer(() => {}));
    const started = performance.now();
    await assert.rejects(engineGet(silent, '/version', 300), (error: unknown) => error instanceof EngineApiError && error.timedOut);
    assert.ok(performance.now() - started < 3_000, 'bounded by its timeout');
  });
});
