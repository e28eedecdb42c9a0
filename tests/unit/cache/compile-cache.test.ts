import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileCacheDir } from '../../../scripts/lib/cache/compile-cache.mjs';

describe('compileCacheDir', () => {
  it('lives in the user cache dir, beside the airgap cache', () => {
    assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }), '/var/cache/me/kubia-notes/node-compile-cache');
  });

  it('falls back to ~/.cache, never the repo', () => {
    assert.equal(compileCacheDir({}), join(homedir(), '.cache', 'kubia-notes', 'node-compile-cache'));
    assert.equal(compileCacheDir({ XDG_CACHE_HOME: '' }), join(homedir(), '.cache', 'kubia-notes', 'node-compile-cache'));
  });
});
