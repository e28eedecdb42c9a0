import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dockerEndpoint } from '../../../scripts/lib/docker/docker-engine.ts';

describe('dockerEndpoint: the engine the docker CLI would use', () => {
  const config = mkdtempSync(join(tmpdir(), 'kn-docker-config-'));
  after(() => rmSync(config, { recursive: true, force: true }));
  const context = (name: string, host: string) => {
    const dir = join(config, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  };

  it('is the default socket without DOCKER_HOST, context or config', () => {
    assert.deepEqual(dockerEndpoint({ HOME: '/nonexistent' }), { kind: 'socket', socketPath: '/var/run/docker.sock', name: 'unix:///var/run/docker.sock' });
  });

  it('follows DOCKER_HOST: a unix socket through the API, anything else through the CLI', () => {
    assert.equal(dockerEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).kind, 'socket');
    assert.equal((dockerEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }) as { socketPath: string }).socketPath, '/run/user/1000/docker.sock');
    assert.deepEqual(dockerEndpoint({ DOCKER_HOST: 'tcp://10.0.0.5:2376' }), { kind: 'cli', name: 'tcp://10.0.0.5:2376' });
    assert.equal(dockerEndpoint({ DOCKER_HOST: 'ssh://me@host' }).kind, 'cli');
  });

  it('reads the endpoint of DOCKER_CONTEXT, or of the config\'s currentContext, from the context store', () => {
    context('desktop-linux', `unix://${config}/desktop/docker.sock`);
    context('remote', 'ssh://me@build-box');
    const named = dockerEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'desktop-linux' });
    assert.equal(named.kind === 'socket' && named.socketPath, `${config}/desktop/docker.sock`);
    writeFileSync(join(config, 'config.json'), JSON.stringify({ currentContext: 'desktop-linux' }));
    const current = dockerEndpoint({ DOCKER_CONFIG: config });
    assert.equal(current.kind === 'socket' && current.socketPath, `${config}/desktop/docker.sock`);
    assert.deepEqual(dockerEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'remote' }), { kind: 'cli', name: 'context remote' });
    assert.deepEqual(dockerEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'missing' }), { kind: 'cli', name: 'context missing' });
    assert.equal(dockerEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'default' }).kind, 'socket');
  });

  it('DOCKER_HOST wins over contexts, and KUBIA_NOTES_DOCKER_API=off over everything', () => {
    assert.equal(dockerEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix:///x.sock' }).kind, 'socket');
    assert.equal(dockerEndpoint({ KUBIA_NOTES_DOCKER_API: 'off' }).kind, 'cli');
  });
});
