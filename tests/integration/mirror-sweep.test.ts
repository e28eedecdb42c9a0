// The start-of-run sweep's question about the docker.io mirror, on the real engine: asked
// through the Engine API (mirror-container.ts), it must still find our mirror by its name and
// label, remove it when no kind cluster uses it, and never touch a container of that name
// verify-notes did not make. Run under the engine lock (`flock /tmp/kubia-engine.lock`).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { removeUnusedBookMirror } from '../../scripts/lib/docker/mirror-container.ts';
import { dockerUp } from '../support/engine.ts';
import { mirrorExists } from '../support/kind.ts';

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', timeout: 60_000 }).trim();
const kindNodes = () => (dockerUp ? docker('ps', '-a', '-q', '--filter', 'label=io.x-k8s.kind.cluster') : '');

describe('the sweep and the docker.io mirror', { skip: !dockerUp && 'no Docker engine here' }, () => {
  it('removes a mirror container no kind cluster uses, and keeps one of that name it did not make', async (t) => {
    if (mirrorExists() || kindNodes()) return t.skip('a mirror or a kind cluster exists here: the sweep must leave them');
    try {
      docker('run', '-d', '--name', 'kubia-notes-mirror', 'busybox', 'sleep', '120');
      assert.equal(await removeUnusedBookMirror(), undefined, 'no label: not ours');
      assert.ok(mirrorExists(), 'a container of that name without the label is never removed');
      docker('rm', '-f', 'kubia-notes-mirror');
      docker('run', '-d', '--name', 'kubia-notes-mirror', '--label', 'io.kubia-notes.mirror=docker.io', 'busybox', 'sleep', '120');
      assert.match((await removeUnusedBookMirror()) ?? '', /^removed the docker\.io mirror kubia-notes-mirror: no kind cluster uses it any more/);
      assert.ok(!mirrorExists(), 'removed');
      // The CLI answers the same when the API is not used (an engine that is not a local socket).
      docker('run', '-d', '--name', 'kubia-notes-mirror', '--label', 'io.kubia-notes.mirror=docker.io', 'busybox', 'sleep', '120');
      process.env.KUBIA_NOTES_DOCKER_API = 'off';
      assert.match((await removeUnusedBookMirror()) ?? '', /^removed the docker\.io mirror/);
      assert.ok(!mirrorExists(), 'removed through the CLI');
    } finally {
      delete process.env.KUBIA_NOTES_DOCKER_API;
      spawnSync('docker', ['rm', '-f', 'kubia-notes-mirror'], { stdio: 'ignore', timeout: 60_000 });
    }
  });
});
