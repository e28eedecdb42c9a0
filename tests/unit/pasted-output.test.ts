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

  it('never refuses a block for a command, in the list or not', () => {
    for (const code of ['kubectl get po\nsetsid sleep 332 >/dev/null 2>&1 </dev/null &', 'docker ps\nistioctl version', 'kubectl get po\nstern kubia --since 1m', 'kubectl get po\n./scripts/wait.sh kubia', 'kubectl get po\nmyfn() { echo hi; }\nmyfn']) {
      assert.doesNotThrow(() => blocksOf(parseMdx(note(code), 'content/notes/week-03.mdx'), 'content/notes/week-03.mdx'), code);
    }
  });

  it('refuses lower-case pasted rows and kubectl\'s replies, at their line', () => {
    for (const [code, line] of [
      ['kubectl get po\nkubia-53thy   1/1     Running   0          6m', 10],
      ['kubectl create -f kubia-manual.yaml\npod/kubia-manual created', 10],
      ['kubectl get po -o name\npod/kubia-53thy', 10],
      ['docker run -d busybox sleep 60\n4f1a0b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8', 10],
      ['kubectl get po kubia -o yaml\napiVersion: v1\nkind: Pod', 10],
      ['echo ok\nok', 10],
      ['kubectl label po kubia env=test\nkubectl delete po kubia\npod "kubia" deleted', 11],
    ] as const) {
      assert.throws(
        () => blocksOf(parseMdx(note(code), 'content/notes/week-03.mdx'), 'content/notes/week-03.mdx'),
        (error: unknown) => error instanceof BlockError && error.errors[0]?.line === line && /looks like pasted output/.test(error.errors[0]?.problem ?? ''),
        code,
      );
    }
  });

  it('--fix-prompts reads by the same rule: a program missing from the list is a command, a table row is output', () => {
    const code = 'kubectl get po\nNAME          READY   STATUS\nkubia-53thy   1/1     Running\nstern kubia --since 1m\nmyfn\nhello';
    assert.equal(asTranscript(code, new Set(['myfn'])), '$ kubectl get po\nNAME          READY   STATUS\nkubia-53thy   1/1     Running\n$ stern kubia --since 1m\n$ myfn\nhello');
  });

  it('a function another block of the note defines is a command here too', () => {
    const text = note('kf() { kubectl "$@"; }').replace(/```\n$/, '```\n\n```sh run\nkf get  po   -o wide\nkubia-53thy   1/1     Running\n```\n');
    assert.throws(() => blocksOf(parseMdx(text, 'w.mdx'), 'w.mdx'), (error: unknown) => error instanceof BlockError && error.errors[0]?.line === 14, 'kf is a command; the row after it is output');
    assert.deepEqual(lineRoles('kf get  po   -o wide'), ['output'], 'without the definition its wide spacing reads as a row');
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
