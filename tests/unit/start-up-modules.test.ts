import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// Prints every module URL the runner loads, one a line, on stderr at exit.
const LIST_MODULES = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
process.on('exit', () => process.stderr.write(loaded.map((url) => 'module ' + url + '\\n').join('')));
`)}`;

function modulesOfRun(cacheHome: string): string[] {
  const run = spawnSync(process.execPath, ['--import', LIST_MODULES, 'scripts/verify-notes.mjs', '--note', 'week-02', '--list'], {
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stderr.split('\n').flatMap((line) => (line.startsWith('module ') ? [line.slice('module '.length)] : []));
}

describe('the runner start-up', () => {
  it('loads no MDX parser, no diff and no YAML parser when the note is in the parse cache', () => {
    const cacheHome = mkdtempSync(join(tmpdir(), 'kubia-notes-start-up-'));
    try {
      // The first run parses the note (and so loads the parser); the second finds it cached.
      const cold = modulesOfRun(cacheHome);
      assert.ok(cold.some((url) => url.includes('/remark-parse/')), 'the first run parses the note');
      const warm = modulesOfRun(cacheHome);
      assert.ok(cold.some((url) => url.includes('/node_modules/yaml/')), 'the first run reads the front matter and the YAML file blocks');
      const parser = warm.filter((url) => /\/node_modules\/(remark-|micromark|mdast-util-from-markdown|diff\/|yaml\/)/.test(url));
      assert.deepEqual(parser, [], 'a module imported at the top of the runner loads what only a cache miss or --fix-prompts needs');
      // ~35 ms to load; the Engine API client speaks HTTP/1.0 on node:net (docker-engine.ts).
      assert.ok(!warm.includes('node:http'), 'node:http is loaded');
    } finally {
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });
});
