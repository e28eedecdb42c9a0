import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { toolEnvironment, toolFilePath } from '../../../scripts/lib/cli/tool-path.ts';
import { SetupError } from '../../../scripts/lib/core/user-error.ts';

const root = mkdtempSync(join(tmpdir(), 'kubia-setup-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A cache dir holding the env.json that scripts/setup.sh would write, and the bin dir it names. */
function cacheWith(file: (paths: { bin: string; config: string }) => unknown): { XDG_CACHE_HOME: string; bin: string; config: string } {
  const cache = mkdtempSync(join(root, 'cache-'));
  const bin = join(cache, 'kubia-notes', 'bin');
  const config = join(cache, 'kind-config.yaml');
  mkdirSync(bin, { recursive: true });
  writeFileSync(config, 'kind: Cluster\n');
  const text = file({ bin, config });
  writeFileSync(join(cache, 'kubia-notes', 'env.json'), typeof text === 'string' ? text : JSON.stringify(text));
  return { XDG_CACHE_HOME: cache, bin, config };
}

describe('toolEnvironment: what npm run setup provided, without editing PATH', () => {
  it('reads the file setup writes, from XDG_CACHE_HOME or ~/.cache', () => {
    assert.equal(toolFilePath({ XDG_CACHE_HOME: '/x' }), '/x/kubia-notes/env.json');
    assert.equal(toolFilePath({ HOME: '/home/u' }), '/home/u/.cache/kubia-notes/env.json');
  });

  it('puts the bin dir first on PATH, once, and sets the kind config', () => {
    const { XDG_CACHE_HOME, bin, config } = cacheWith(({ bin, config }) => ({ path: bin, kindConfig: config }));
    const env = toolEnvironment({ XDG_CACHE_HOME, PATH: `/usr/bin:${bin}:/bin` });
    assert.equal(env.PATH, `${bin}:/usr/bin:/bin`);
    assert.equal(env.KUBIA_NOTES_KIND_CONFIG, config);
    assert.deepEqual(toolEnvironment(env), env, 'applying it twice changes nothing');
  });

  it('keeps a kind config the user chose, and leaves out what no longer exists', () => {
    const { XDG_CACHE_HOME, config } = cacheWith(({ config }) => ({ path: join(root, 'gone'), kindConfig: config }));
    assert.deepEqual(toolEnvironment({ XDG_CACHE_HOME, PATH: '/bin', KUBIA_NOTES_KIND_CONFIG: 'mine.yaml' }), { XDG_CACHE_HOME, PATH: '/bin', KUBIA_NOTES_KIND_CONFIG: 'mine.yaml' });
    rmSync(config);
    assert.deepEqual(toolEnvironment({ XDG_CACHE_HOME, PATH: '/bin' }), { XDG_CACHE_HOME, PATH: '/bin' });
  });

  it('changes nothing when setup never ran or found everything on PATH', () => {
    const env = { XDG_CACHE_HOME: join(root, 'never'), PATH: '/bin' };
    assert.equal(toolEnvironment(env), env);
    const { XDG_CACHE_HOME } = cacheWith(() => ({ path: null, kindConfig: null }));
    assert.deepEqual(toolEnvironment({ XDG_CACHE_HOME, PATH: '/bin' }), { XDG_CACHE_HOME, PATH: '/bin' });
  });

  it('a broken file fails with its name, the field and what to do', () => {
    const { XDG_CACHE_HOME } = cacheWith(() => ({ path: 3, kindConfig: null }));
    assert.throws(() => toolEnvironment({ XDG_CACHE_HOME }), (error: unknown) => error instanceof SetupError && /env\.json is not what scripts\/setup\.sh writes \(field path\)/.test(error.message) && /npm run setup/.test(error.hint));
    const { XDG_CACHE_HOME: other } = cacheWith(() => '{ not json');
    assert.throws(() => toolEnvironment({ XDG_CACHE_HOME: other }), SetupError);
  });
});

describe('npm run setup', () => {
  it('is the script the README and CI run, and parses', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts.setup, 'bash scripts/setup.sh');
    execFileSync('bash', ['-n', 'scripts/setup.sh']);
    assert.match(readFileSync('README.md', 'utf8'), /npm ci && npm run setup && npm run verify-notes/);
    assert.match(readFileSync('.ci/run', 'utf8'), /^npm run setup$/m);
  });
});
