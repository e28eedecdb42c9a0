// A study group's Markdown note brought in with `new-note` and run for real: nobody edits the
// note it writes. `--update` records every runnable block on the kind cluster, and a plain
// run right after verifies each of them (the "no hand edit but the checklist's").
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execBounded } from '../../scripts/lib/core/exec.ts';
import { kindReady } from '../support/kind.ts';
import { skipUnlessCI } from '../support/engine.ts';
import { sharedCluster } from '../support/shared-cluster.ts';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const run = (script: string, args: readonly string[], timeoutMs: number) =>
  execBounded(process.execPath, [repo(script), ...args], { timeoutMs, env: { ...process.env, GITHUB_ACTIONS: '' } });

type Verified = { id: string; status: string };

/**
 * new-note on a fixture into a throw-away root, `--update`, then a plain run: the blocks as
 * the plain run verified them, the new-note output and the recording. The cluster is the
 * suite's (sharedCluster): made before the first test, deleted after the last.
 */
async function broughtInAndRun(fixture: string, week: number, files: string): Promise<{ made: string; blocks: Verified[]; recording: { blocks: Record<string, { transcript?: string }> } }> {
  const root = await mkdtemp(join(tmpdir(), 'kn-new-note-run-'));
  try {
    const made = await run('scripts/new-note.ts', [repo(fixture), '--week', String(week), '--files', repo(files), '--root', root], 60_000);
    assert.equal(made.exitCode, 0, made.stdout + made.stderr);
    const update = await run('scripts/verify-notes.mjs', ['--root', root, '--update', '--keep'], 600_000);
    assert.equal(update.exitCode, 0, update.stdout + update.stderr);
    const verify = await run('scripts/verify-notes.mjs', ['--root', root, '--reporter', 'json'], 300_000);
    assert.equal(verify.exitCode, 0, verify.stdout + verify.stderr);
    const blocks = JSON.parse(verify.stdout).notes.flatMap((note: { blocks: Verified[] }) => note.blocks);
    const recording = JSON.parse(await readFile(join(root, `content/outputs/week-${String(week).padStart(2, '0')}.json`), 'utf8'));
    return { made: made.stdout, blocks, recording };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe('a Markdown note brought in by new-note', { skip: skipUnlessCI(!kindReady && 'kind or kubectl is not installed here') }, () => {
  // Neither test is about the cluster's life cycle: one cluster, made once, serves both.
  sharedCluster();

  it('records and verifies every runnable block of the note new-note wrote, unedited', { timeout: 900_000 }, async () => {
    const { made, blocks, recording } = await broughtInAndRun('tests/fixtures/new-note/chapter-03.md', 3, 'tests/fixtures/new-note/files');
    assert.match(made, /실행 블록 5개, 파일 블록 1개/);
    assert.deepEqual(blocks.map((b) => `${b.id} ${b.status}`), ['kubectl-create passed', 'kubectl-get passed', 'kubectl-get-2 passed', 'kubectl-get-3 passed', 'kubectl-delete passed']);
    assert.match(recording.blocks['kubectl-get-3']?.transcript ?? '', /^pod\/kubia-manual$/m, 'the alias function and the aliased command ran');
  });

  it("records the book's commands and manifests failing as they fail today, and today's forms passing (chapter 5 fixture)", { timeout: 900_000 }, async () => {
    const { blocks, recording } = await broughtInAndRun('tests/fixtures/new-note/chapter-05.md', 5, 'tests/fixtures/new-note/chapter-05-files');
    assert.ok(blocks.length >= 16 && blocks.every((b) => b.status === 'passed'), JSON.stringify(blocks));
    const recorded = JSON.stringify(recording.blocks);
    for (const refusal of [/unknown flag: --generator/, /is not supported anymore/, /unknown shorthand flag: 'a'/, /unknown command \\"rolling-update\\"/, /no matches for kind \\"ReplicaSet\\" in version \\"apps\/v1beta2\\"/]) assert.match(recorded, refusal);
  });
});
