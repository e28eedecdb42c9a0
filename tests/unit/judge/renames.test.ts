import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Block } from '../../../src/lib/blocks/block.ts';
import { inputsByBlock } from '../../../src/lib/blocks/chain.ts';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';
import { carriedOver } from '../../../src/lib/store/renames.ts';
import type { NoteRecording } from '../../../src/lib/store/schema.ts';
import { staticCheck } from '../../../scripts/lib/judge/static-check.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';

/** The note's recording as --update would have written it for these blocks. */
function recordingOf(blocks: Block[]): NoteRecording {
  const inputs = inputsByBlock(blocks);
  const transcript = 'ok\n';
  const { text, masks } = normalizeTranscript(transcript, []);
  const entries = blocks.map((b) => [b.key, b.kind === 'file' ? { kind: 'file', hash: b.hash, line: b.line } : { kind: 'run', hash: b.hash, inputs: inputs.get(b.key) ?? [], line: b.line, exitCode: 0, transcript, normalized: text, masks, durationMs: 1, attempts: 1, runs: 2, recordedAt: '2026-12-01T00:00:00Z', environment: { os: 'x', runner: 'y' } }]);
  return { note: 'x', source: 'content/notes/x.mdx', blocks: Object.fromEntries(entries) } as NoteRecording;
}

const statuses = (blocks: Block[], recording: NoteRecording) => {
  const { results, orphans } = staticCheck(blocks, inputsByBlock(blocks), recording, blocks, true);
  return { results: results.map((r) => [r.block.key, r.status, r.message ?? '']), orphans };
};

describe('carriedOver: a new id is a rename, not an orphan plus a new block', () => {
  it('follows a block that only changed its id (same source hash), and renames it in later inputs', () => {
    const before = noteBlocks(fence('run id=list needs=docker', 'docker ps'), fence('run id=after needs=docker', 'docker images'));
    const now = noteBlocks(fence('run', 'docker ps'), fence('run id=after needs=docker', 'docker images'));
    const { recording, renames } = carriedOver(recordingOf(before), now);
    assert.deepEqual(renames, [{ from: 'list', to: 'docker-ps', by: 'hash' }]);
    assert.deepEqual(Object.keys(recording.blocks).sort(), ['after', 'docker-ps']);
    const after = recording.blocks.after;
    assert.equal(after?.kind === 'run' && after.inputs[0]?.split('@')[0], 'docker-ps');
    // Everything else is current: only the rename itself is said, and nothing is an orphan.
    const checked = statuses(now, recordingOf(before));
    assert.deepEqual(checked.orphans, []);
    assert.deepEqual(checked.results.map(([key, status]) => [key, status]), [['docker-ps', 'stale'], ['after', 'passed']]);
    assert.match(checked.results[0]?.[2] ?? '', /renamed from "list": its recording is current but filed under the old id/);
  });

  it('follows an inferred id that changed with its first command, by its place', () => {
    const before = noteBlocks(fence('run id=a needs=docker', 'docker ps'), fence('run', 'kubectl get po'), fence('run id=z needs=docker', 'docker images'));
    const now = noteBlocks(fence('run id=a needs=docker', 'docker ps'), fence('run', 'kubectl describe po'), fence('run id=z needs=docker', 'docker images'));
    assert.deepEqual(carriedOver(recordingOf(before), now).renames, [{ from: 'kubectl-get', to: 'kubectl-describe', by: 'place' }]);
    const checked = statuses(now, recordingOf(before));
    assert.deepEqual(checked.orphans, []);
    assert.deepEqual(checked.results[1]?.slice(0, 2), ['kubectl-describe', 'stale']);
    assert.match(checked.results[1]?.[2] ?? '', /^renamed from "kubectl-get" \(its first command changed\); since it was recorded, the block itself changed/);
  });

  it('follows a duplicate whose -2 shifts when another block is inserted above it', () => {
    const before = noteBlocks(fence('run', 'kubectl get po'), fence('run', 'kubectl get svc'));
    const now = noteBlocks(fence('run', 'kubectl get nodes'), fence('run', 'kubectl get po'), fence('run', 'kubectl get svc'));
    const { recording, renames, displaced } = carriedOver(recordingOf(before), now);
    assert.deepEqual(renames, [
      { from: 'kubectl-get', to: 'kubectl-get-2', by: 'hash' },
      { from: 'kubectl-get-2', to: 'kubectl-get-3', by: 'hash' },
    ]);
    assert.deepEqual(displaced, []);
    assert.deepEqual(Object.keys(recording.blocks).sort(), ['kubectl-get-2', 'kubectl-get-3']);
  });

  it('does not guess between two gone recordings in one place, nor for a written id by place', () => {
    const before = noteBlocks(fence('run', 'kubectl get po'), fence('run', 'kubectl get svc'));
    const two = noteBlocks(fence('run', 'kubectl describe po'), fence('run', 'kubectl describe svc'));
    assert.deepEqual(carriedOver(recordingOf(before), two).renames, []);
    const written = noteBlocks(fence('run id=mine', 'kubectl describe po'), fence('run', 'kubectl get svc'));
    // `kubectl get svc` is now the first `kubectl-get`: its recording moves there, the written id gets none.
    const { renames, displaced } = carriedOver(recordingOf(before), written);
    assert.deepEqual(renames, [{ from: 'kubectl-get-2', to: 'kubectl-get', by: 'hash' }]);
    assert.deepEqual(displaced, ['kubectl-get']);
    assert.deepEqual(statuses(written, recordingOf(before)).results.map(([key, status]) => [key, status]), [['mine', 'unrecorded'], ['kubectl-get', 'stale']]);
  });
});
