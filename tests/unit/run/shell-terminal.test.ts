// A block's transcript says what the reader's terminal would, never where the runner keeps
// its script: bash's own errors read `bash: …`, and the work dir (a temp dir) does not reach
// the comparison form. Real bash, no engine needed.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';
import { runScript } from '../../../scripts/lib/run/shell.ts';
import { runnerTempDir } from '../../../scripts/lib/core/temp-dirs.ts';

describe('runScript: what bash prints is what a terminal prints', () => {
  let scriptDir: string;
  let workDir: string;
  before(async () => {
    scriptDir = await runnerTempDir('scripts');
    workDir = await runnerTempDir('week-02');
  });
  after(async () => {
    await rm(scriptDir, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  });

  const run = (code: string, prelude?: string) => runScript(code, { cwd: workDir, env: process.env, timeoutMs: 10_000, scriptDir, name: 'block', ...(prelude ? { prelude } : {}) });

  it("a failing builtin reads `bash: line 2: export: …`: the block's own line, not the runner's script path", async () => {
    const result = await run("echo before\nexport 'a b'\necho after", 'greet() {\n  echo hi\n}\n');
    assert.equal(result.exitCode, 1);
    assert.equal(result.output, "before\nbash: line 2: export: `a b': not a valid identifier\n");
    assert.ok(!result.output.includes(scriptDir) && !result.output.includes('.sh'), result.output);
  });

  it('so do a missing command, an unset variable and a syntax error', async () => {
    assert.equal((await run('no-such-command-kn')).output, 'bash: line 1: no-such-command-kn: command not found\n');
    assert.equal((await run('true\necho "$KN_NEVER_SET"')).output, 'bash: line 2: KN_NEVER_SET: unbound variable\n');
    const syntax = await run('echo a\nif then\necho b');
    assert.equal(syntax.exitCode, 2);
    // The one place the mechanism shows: bash names `eval` in a syntax error (a terminal would not).
    assert.match(syntax.output, /^a\nbash: eval: line 2: syntax error near unexpected token `then'\n/);
    assert.doesNotMatch(syntax.output, new RegExp(tmpdir()));
  });

  it('$0 is bash, as in a terminal, and the prelude still runs first (strict mode, stderr in order)', async () => {
    assert.equal((await run('echo "$0"; echo out; echo err >&2; false; echo never', 'greet() { echo "hi $1"; }\n')).output, 'bash\nout\nerr\n');
    assert.equal((await run('greet you', 'greet() { echo "hi $1"; }\n')).output, 'hi you\n');
  });

  it('runs a block larger than one argument may be (the text is read from the script file)', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `: line ${i} ${'x'.repeat(8)}`).join('\n');
    const result = await run(`${lines}\necho done`);
    assert.ok(lines.length > 256 * 1024);
    assert.equal(result.output, 'done\n');
  });

  it('the work dir the block sees (pwd, paths in errors) is masked in the comparison form', async () => {
    const result = await run('pwd\ncat missing.txt');
    assert.equal(result.output, `${workDir}\ncat: missing.txt: No such file or directory\n`);
    const paths = await run('ls "$PWD/missing.txt"');
    const compared = normalizeTranscript(`${result.output}${paths.output}`, []).text;
    assert.equal(compared, "⟨dir-1⟩\ncat: missing.txt: No such file or directory\nls: cannot access '⟨dir-1⟩/missing.txt': No such file or directory\n");
    assert.doesNotMatch(compared, /kubia-notes-/);
  });
});

describe('a plain temp dir as scriptDir (no runner name)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "kn shell 'quoted' "));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('runs even when the script path needs quoting', async () => {
    const result = await runScript('echo ok', { cwd: dir, env: process.env, timeoutMs: 10_000, scriptDir: dir, name: 'q' });
    assert.equal(result.output, 'ok\n');
  });
});
