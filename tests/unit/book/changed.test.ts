import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Block } from '../../../src/lib/blocks/block.ts';
import { inputsByBlock } from '../../../src/lib/blocks/chain.ts';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';
import type { Environment, NoteRecording } from '../../../src/lib/store/schema.ts';
import { changedSince, staleness } from '../../../scripts/lib/book/changed.ts';
import { frontmatterOf } from '../../../scripts/lib/book/note-frontmatter.ts';
import { selectNotes } from '../../../scripts/lib/book/note-selection.ts';
import { parseOptions } from '../../../scripts/lib/cli/options.ts';
import { pinnedEnvironment } from '../../../scripts/lib/core/pinned-environment.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';

const pinned = pinnedEnvironment();
const onPin: Environment = { os: 'x', runner: 'y', docker: { client: '1', server: '1' }, kubernetes: { client: pinned.kubernetes, server: pinned.kubernetes, context: 'kind-kubia-notes' }, kind: pinned.kind };

/** Recordings that are current for these blocks, as --update would have written them. */
function recordingOf(note: string, blocks: Block[], environment = onPin): NoteRecording {
  const inputs = inputsByBlock(blocks);
  const entries = blocks.map((b) => {
    if (b.kind === 'file') return [b.key, { kind: 'file', hash: b.hash, line: b.line }] as const;
    const transcript = `${b.key}\n`;
    const { text, masks } = normalizeTranscript(transcript, b.meta.normalize);
    return [b.key, { kind: 'run', hash: b.hash, inputs: inputs.get(b.key) ?? [], line: b.line, exitCode: 0, transcript, normalized: text, masks, durationMs: 1000, attempts: 1, runs: 2, recordedAt: '2026-12-01T00:00:00Z', environment }] as const;
  });
  return { note, source: `content/notes/${note}.mdx`, blocks: Object.fromEntries(entries) };
}

const dockerNote = [fence('run id=hello needs=docker', 'docker run --rm busybox echo hi'), fence('file=app.sh', 'echo app'), fence('run id=app needs=docker', 'sh app.sh')];
const kindNote = [fence('run id=pods needs=kind', 'kubectl get pods')];

describe('--changed: which notes are not current', () => {
  it('a note whose every recording is current, on the pinned versions, stays out', () => {
    const blocks = noteBlocks(...dockerNote);
    assert.equal(staleness(blocks, recordingOf('t', blocks), pinned), undefined);
  });

  it('an edited file block, a new block, a recording without its block: the note runs, and says why', () => {
    const blocks = noteBlocks(...dockerNote);
    const recording = recordingOf('t', blocks);
    const edited = noteBlocks(dockerNote[0]!, fence('file=app.sh', 'echo app v2'), dockerNote[2]!);
    assert.match(staleness(edited, recording, pinned) ?? '', /^app stale: since it was recorded, file app\.sh changed$/);
    const added = noteBlocks(...dockerNote, fence('run id=more needs=docker', 'echo more'));
    assert.match(staleness(added, recording, pinned) ?? '', /^more unrecorded: no recorded output/);
    const fewer = noteBlocks(...dockerNote.slice(0, 1));
    assert.match(staleness(fewer, recording, pinned) ?? '', /the recording of file:app\.sh, app has no block any more/);
  });

  it('a Kubernetes block recorded on another Kubernetes than the pin runs again; a Docker version never counts', () => {
    const blocks = noteBlocks(...kindNote);
    const old = recordingOf('k', blocks, { ...onPin, kubernetes: { client: 'v1.33.13', server: 'v1.33.13', context: 'kind-kubia-notes' } });
    assert.match(staleness(blocks, old, pinned) ?? '', new RegExp(`pods was recorded on Kubernetes v1\\.33\\.13 \\(kubectl v1\\.33\\.13\\), the pin is ${pinned.kubernetes.replace(/\./g, '\\.')}`));
    const docker = noteBlocks(...dockerNote);
    assert.equal(staleness(docker, recordingOf('t', docker, { ...onPin, docker: { client: '99', server: '99' }, kubernetes: { client: 'v1.0.0', server: 'v1.0.0', context: 'x' } }), pinned), undefined, 'Docker blocks do not depend on the Kubernetes version');
  });

  it('options: --since needs --changed; --changed runs, so not with --static or another --env', () => {
    assert.equal(parseOptions(['--changed', '--since', 'origin/main']).since, 'origin/main');
    assert.throws(() => parseOptions(['--since', 'HEAD']), /--since only narrows --changed/);
    assert.throws(() => parseOptions(['--changed', '--static']), /--changed chooses notes to run/);
    assert.throws(() => parseOptions(['--changed', '--env', 'latest']), /--changed compares with the pinned recordings/);
    assert.throws(() => parseOptions(['--jobs', '0']), /not a number of jobs/);
  });

  it('frontmatter: original and isolated, quoted or not, nothing outside the frontmatter', () => {
    assert.deepEqual(frontmatterOf('---\ntitle: "x"\noriginal: "week-03.txt"\nisolated: true # the author checked\n---\nisolated: false\n'), { original: 'week-03.txt', isolated: true });
    assert.deepEqual(frontmatterOf('---\ntitle: x\n---\n\nisolated: true\n'), { isolated: false });
  });

  it('frontmatter as an editor saves it: a byte order mark, CRLF line endings', () => {
    const saved = '\uFEFF---\r\ntitle: x\r\noriginal: week-03.txt\r\nisolated: true\r\n---\r\n\r\n# 3장\r\n';
    assert.deepEqual(frontmatterOf(saved), { original: 'week-03.txt', isolated: true });
  });
});

describe('--changed --since REF, and selection with --shard (a git project)', () => {
  const git = (root: string, ...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' });

  function project() {
    const root = mkdtempSync(join(tmpdir(), 'kn-changed-'));
    for (const dir of ['content/notes', 'content/outputs', 'content/originals']) mkdirSync(join(root, dir), { recursive: true });
    const notes = ['a', 'b', 'c'].map((note) => {
      const body = `---\ntitle: t\noriginal: ${note}.txt\n---\n\n${dockerNote.join('\n\n').replace(/id=(\w+)/g, `id=${note}-$1`)}\n`;
      writeFileSync(join(root, `content/notes/${note}.mdx`), body);
      writeFileSync(join(root, `content/originals/${note}.txt`), `original ${note}\n`);
      const blocks = noteBlocks(...dockerNote.map((f) => f.replace(/id=(\w+)/g, `id=${note}-$1`))).map((b) => ({ ...b, source: `content/notes/${note}.mdx` }));
      writeFileSync(join(root, `content/outputs/${note}.json`), JSON.stringify(recordingOf(note, blocks)));
      return { note, source: `content/notes/${note}.mdx`, blocks };
    });
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'base');
    return { root, notes };
  }

  it('files changed since REF (committed, edited or untracked) make their note run; the rest is skipped (current)', async () => {
    const { root, notes } = project();
    try {
      const options = { ...parseOptions(['--changed', '--since', 'HEAD', '--root', root]) };
      const none = await selectNotes(notes, options);
      assert.deepEqual(none.notes.map((n) => n.note), []);
      assert.deepEqual(none.skipped.map((r) => [r.note, r.skipped, r.blocks.map((b) => b.status)]), ['a', 'b', 'c'].map((n) => [n, 'current', ['skipped', 'skipped']]));
      assert.match(none.skipped[0]!.blocks[0]!.message ?? '', /^skipped \(current\): its recordings are current and its files did not change since HEAD$/);

      writeFileSync(join(root, 'content/originals/b.txt'), 'original b, edited\n');
      writeFileSync(join(root, 'content/outputs/c.json'), JSON.stringify(recordingOf('c', notes[2]!.blocks), null, 2));
      const lines: string[] = [];
      const some = await selectNotes(notes, options, (line) => lines.push(line));
      assert.deepEqual(some.notes.map((n) => n.note), ['b', 'c']);
      assert.deepEqual(some.skipped.map((r) => r.note), ['a']);
      assert.match(lines.join('\n'), /--changed: 2 of 3 note\(s\) to run: b \(changed since HEAD: content\/originals\/b\.txt\); c \(changed since HEAD: content\/outputs\/c\.json\); skipped \(current\): a/);

      const files = await changedSince(root, 'HEAD');
      writeFileSync(join(root, 'content/notes/d.mdx'), 'new');
      assert.ok(!files.has('content/notes/d.mdx'));
      assert.ok((await changedSince(root, 'HEAD')).has('content/notes/d.mdx'), 'an untracked file counts as changed');
      await assert.rejects(changedSince(root, 'no-such-ref'), /--since no-such-ref: git cannot compare with it/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('with --shard, a skipped note still belongs to exactly one shard, and the notes to run are spread', async () => {
    const { root, notes } = project();
    try {
      writeFileSync(join(root, 'content/notes/a.mdx'), `${notes[0]!.source}\n`); // only the file's text changes: a runs
      writeFileSync(join(root, 'content/originals/b.txt'), 'edited\n');
      const pick = (shard: string) => selectNotes(notes, parseOptions(['--changed', '--since', 'HEAD', '--shard', shard, '--root', root]));
      const [one, two] = [await pick('1/2'), await pick('2/2')];
      assert.deepEqual([...one.notes, ...two.notes].map((n) => n.note).sort(), ['a', 'b']);
      assert.equal(one.notes.length, 1, 'the two notes that run are in different shards');
      assert.deepEqual([...one.skipped, ...two.skipped].map((r) => r.note), ['c']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
