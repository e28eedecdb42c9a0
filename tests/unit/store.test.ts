import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readRecording, RecordingFileError, writeRecording } from '../../src/lib/store/store.ts';
import { cachedReadRecording } from '../../scripts/lib/cache/recording-cache.ts';

describe('recording store', () => {
  it('reads an absent recording as empty and round-trips a written one, keys sorted', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kn-store-'));
    try {
      assert.deepEqual(await readRecording('n', 'content/notes/n.mdx', root), { note: 'n', source: 'content/notes/n.mdx', blocks: {} });
      const recording = { note: 'n', source: 'content/notes/n.mdx', blocks: { b: { kind: 'file' as const, hash: 'h2', line: 9 }, a: { kind: 'file' as const, hash: 'h1', line: 5 } } };
      await writeRecording(recording, root);
      const text = await readFile(join(root, 'content/outputs/n.json'), 'utf8');
      assert.ok(text.indexOf('"a"') < text.indexOf('"b"'));
      assert.deepEqual(await readRecording('n', 'content/notes/n.mdx', root), recording);
      assert.deepEqual(await readdir(join(root, 'content/outputs')), ['n.json'], 'no temp file is left');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('refuses a corrupt recording with a hint instead of overwriting it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kn-store-'));
    try {
      await mkdir(join(root, 'content/outputs'), { recursive: true });
      await writeFile(join(root, 'content/outputs/n.json'), '{"note": "n", "source": "content/notes/n.mdx", "blocks": 3}');
      await assert.rejects(readRecording('n', 'x', root), (error: unknown) => error instanceof RecordingFileError && /^content\/outputs\/n\.json: not a valid recording file: blocks: .*\n  hint: restore it with `git checkout -- /.test(error.message.replace(root + '/', '')));
      await writeFile(join(root, 'content/outputs/n.json'), '{"note": "n",\n<<<<<<< HEAD\n"blocks": {}\n=======\n"blocks": {"a": 1}\n>>>>>>> other\n}');
      await assert.rejects(readRecording('n', 'x', root), (error: unknown) => error instanceof RecordingFileError && /not valid JSON \(it holds merge-conflict markers\).*\n  hint: .*--update --note n/.test(error.message));
      await writeFile(join(root, 'content/outputs/n.json'), '{"note": "n", "blo');
      await assert.rejects(readRecording('n', 'x', root), (error: unknown) => error instanceof RecordingFileError && /n\.json: not valid JSON: /.test(error.message));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('the runner keeps a checked recording and gives the same value; an edited or broken file is checked anew', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kn-store-'));
    const cache = join(root, 'cache');
    try {
      const recording = { note: 'n', source: 'content/notes/n.mdx', blocks: { a: { kind: 'file' as const, hash: 'h1', line: 5 } } };
      await writeRecording(recording, root);
      assert.deepEqual(await cachedReadRecording('n', 'content/notes/n.mdx', root, cache), recording, 'checked, then kept');
      assert.equal((await readdir(cache)).length, 1);
      assert.deepEqual(await cachedReadRecording('n', 'content/notes/n.mdx', root, cache), recording, 'from the cache');
      await writeRecording({ ...recording, blocks: { a: { kind: 'file' as const, hash: 'h2', line: 5 } } }, root);
      assert.equal((await cachedReadRecording('n', 'content/notes/n.mdx', root, cache)).blocks.a?.hash, 'h2', 'an edited file is read again');
      await writeFile(join(root, 'content/outputs/n.json'), '{"note": "n", "blo');
      await assert.rejects(cachedReadRecording('n', 'x', root, cache), (error: unknown) => error instanceof RecordingFileError && /not valid JSON/.test(error.message));
      await rm(join(root, 'content/outputs/n.json'));
      assert.deepEqual(await cachedReadRecording('n', 'content/notes/n.mdx', root, cache), { note: 'n', source: 'content/notes/n.mdx', blocks: {} });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
