// A shell block that mixes commands and pasted output without prompts: caught by the block
// model at its first output line, and rewritten as a transcript by --fix-prompts.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BlockError } from '../../src/lib/blocks/block-error.ts';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { fixPrompts } from '../../src/lib/blocks/fix-prompts.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import { asTranscript, lineRoles, mixesOutput } from '../../src/lib/blocks/pasted-output.ts';
import { fixtureProject } from '../support/project.ts';

const MIXED = ['kubectl get po', 'NAME          READY   STATUS    RESTARTS   AGE', 'kubia-manual  1/1     Running   0          5s', '', 'k logs kubia-manual', "Kubia server starting..."].join('\n');
const note = (code: string) => `---\ntitle: t\naliases: { k: kubectl }\n---\n\n# 노트\n\n\`\`\`sh run\n${code}\n\`\`\`\n`;

describe('pasted output in a block without prompts', () => {
  it('reads commands (known programs and the note\'s aliases) apart from output', () => {
    assert.deepEqual(lineRoles(MIXED, { k: 'kubectl' }), ['command', 'output', 'output', 'blank', 'command', 'output']);
    assert.equal(mixesOutput(MIXED, { k: 'kubectl' }), true);
    assert.equal(mixesOutput(MIXED.replace('k logs', 'kk logs'), {}), true);
  });

  it('keeps continuation lines, open quotes, here-documents and assignments with their command', () => {
    const code = ["pod=$(kubectl get po -o name)", 'kubectl patch pod x -p \'{', '  "spec": {}', "}'", 'cat <<EOF > a.yaml', 'kind: Pod', 'EOF', 'docker run \\', '  busybox echo hi', 'for i in 1 2; do', '  echo $i', 'done'].join('\n');
    assert.equal(mixesOutput(code), false, lineRoles(code).join(','));
  });

  it('is an error at the first output line, with the --fix-prompts hint', () => {
    const text = note(MIXED);
    assert.throws(
      () => blocksOf(parseMdx(text, 'content/notes/week-03.mdx'), 'content/notes/week-03.mdx'),
      (error: unknown) => error instanceof BlockError && error.line === 10 && /looks like pasted output/.test(error.message) && /--fix-prompts --note week-03/.test(error.hint ?? ''),
    );
  });

  it('never refuses a block for a line that may be a command of a program the list lacks', () => {
    for (const code of ['kubectl get po\nsetsid sleep 332 >/dev/null 2>&1 </dev/null &', 'docker ps\nistioctl version', 'kubectl get po\nkubia-manual  1/1  Running']) {
      assert.doesNotThrow(() => blocksOf(parseMdx(note(code), 'content/notes/week-03.mdx'), 'content/notes/week-03.mdx'), code);
    }
  });

  it('rewrites the block as a transcript that the block model reads, commands only', () => {
    assert.equal(asTranscript('kubectl get po\nNAME\ndocker run \\\n  busybox'), '$ kubectl get po\nNAME\n$ docker run \\\n>   busybox');
    const fixed = fixPrompts(note(MIXED), 'content/notes/week-03.mdx');
    assert.equal(fixed.fixed, 1);
    assert.match(fixed.diff, /^-kubectl get po$/m);
    assert.match(fixed.diff, /^\+\$ kubectl get po$/m);
    const [block] = blocksOf(parseMdx(fixed.text, 's.mdx'), 's.mdx');
    assert.equal(block?.code, 'kubectl get po\nk logs kubia-manual');
    assert.equal(block?.transcript?.[0]?.pasted, 'NAME          READY   STATUS    RESTARTS   AGE\nkubia-manual  1/1     Running   0          5s');
    assert.deepEqual(block?.meta.needs, ['kind']);
    assert.equal(fixPrompts(fixed.text, 's.mdx').fixed, 0, 'a transcript is left alone');
  });

  it('verify-notes --fix-prompts writes the note and prints the diff; --static then reads it', async () => {
    const project = await fixtureProject({});
    try {
      await mkdir(join(project.root, 'content/notes'), { recursive: true });
      const path = join(project.root, 'content/notes/week-03.mdx');
      await writeFile(path, note(MIXED));
      const before = await project.run('--list');
      assert.equal(before.code, 2, before.stderr);
      assert.match(before.stderr, /week-03\.mdx:10: .*pasted output/);
      const run = await project.run('--fix-prompts', '--note', 'week-03');
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /\+\$ k logs kubia-manual/);
      assert.match(await readFile(path, 'utf8'), /^\$ kubectl get po$/m);
      const list = await project.run('--list');
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /kubectl-get/);
    } finally {
      await project.dispose();
    }
  });
});
