// A study group's Markdown note brought in with `new-note` and run for real: nobody edits the
// note it writes. `--update` records every runnable block on the kind cluster, and a plain
// run right after verifies each of them (the "no hand edit but the checklist's").
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deleteKindCluster } from '../../scripts/lib/kubernetes/kind-delete.ts';
import { execBounded } from '../../scripts/lib/core/exec.ts';
import { clusters, kindReady } from '../support/kind.ts';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const run = (script: string, args: readonly string[], timeoutMs: number) =>
  execBounded(process.execPath, [repo(script), ...args], { timeoutMs, env: { ...process.env, GITHUB_ACTIONS: '' } });

describe('a Markdown note brought in by new-note', { skip: !kindReady && 'kind or kubectl is not installed here' }, () => {
  it('records and verifies every runnable block of the note new-note wrote, unedited', { timeout: 900_000 }, async () => {
    const existed = clusters().includes('kubia-notes');
    const root = await mkdtemp(join(tmpdir(), 'kn-new-note-run-'));
    try {
      const made = await run('scripts/new-note.ts', [repo('tests/fixtures/new-note/chapter-03.md'), '--week', '3', '--files', repo('tests/fixtures/new-note/files'), '--root', root], 60_000);
      assert.equal(made.exitCode, 0, made.stdout + made.stderr);
      assert.match(made.stdout, /실행 블록 5개, 파일 블록 1개/);
      const update = await run('scripts/verify-notes.mjs', ['--root', root, '--update', '--keep'], 600_000);
      assert.equal(update.exitCode, 0, update.stdout + update.stderr);
      const verify = await run('scripts/verify-notes.mjs', ['--root', root, '--reporter', 'json'], 300_000);
      assert.equal(verify.exitCode, 0, verify.stdout + verify.stderr);
      const blocks = JSON.parse(verify.stdout).notes.flatMap((note: { blocks: Array<{ id: string; status: string }> }) => note.blocks);
      assert.deepEqual(blocks.map((b: { id: string; status: string }) => `${b.id} ${b.status}`), ['kubectl-create passed', 'kubectl-get passed', 'kubectl-get-2 passed', 'kubectl-get-3 passed', 'kubectl-delete passed']);
      const recording = JSON.parse(await readFile(join(root, 'content/outputs/week-03.json'), 'utf8'));
      assert.match(recording.blocks['kubectl-get-3'].transcript, /^pod\/kubia-manual$/m, 'the alias function and the aliased command ran');
    } finally {
      if (!existed && clusters().includes('kubia-notes')) await deleteKindCluster('kubia-notes', () => {});
      await rm(root, { recursive: true, force: true });
    }
  });
});
