// A block's exit status is what the reader's terminal shows: with real bash, a pipeline whose
// earlier member died of SIGPIPE because a later one stopped reading passes, every other
// failure still ends the block where `set -e` with pipefail would.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runScript } from '../../../scripts/lib/run/shell.ts';

describe('runScript: how a block\'s exit status is decided', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kn-shell-status-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const run = async (code: string) => {
    const { exitCode, output } = await runScript(code, { cwd: dir, env: process.env, timeoutMs: 20_000, scriptDir: dir, name: 'block' });
    return { exitCode, output };
  };
  const killedByPipe = 'sh -c "kill -PIPE \\$\\$"';

  it('an earlier member killed by SIGPIPE is no failure', async () => {
    assert.deepEqual(await run('seq 1 1000000 | head -1'), { exitCode: 0, output: '1\n' });
    assert.deepEqual(await run('yes | head -1'), { exitCode: 0, output: 'y\n' });
    assert.deepEqual(await run('yes | cat | head -1\necho after'), { exitCode: 0, output: 'y\nafter\n' }, 'three members, two of them cut');
  });

  it('any other failure of a member still fails, and stops the block', async () => {
    assert.deepEqual(await run('false | cat\necho not reached'), { exitCode: 1, output: '' });
    const missing = await run('cat /nonexistent | head\necho not reached');
    assert.equal(missing.exitCode, 1);
    assert.match(missing.output, /No such file or directory\n$/);
    assert.equal((await run('yes | false | head -1\necho not reached')).exitCode, 1, 'a middle member');
    assert.equal((await run('yes | head -1 | false\necho not reached')).exitCode, 1, 'the last member');
  });

  it('SIGPIPE of the last member is a failure, also after a pipeline that was let pass', async () => {
    assert.equal((await run(`${killedByPipe}\necho not reached`)).exitCode, 141);
    assert.equal((await run(`yes | ${killedByPipe}\necho not reached`)).exitCode, 141);
    assert.deepEqual(await run(`yes | head -1\n${killedByPipe}`), { exitCode: 141, output: 'y\n' });
  });

  it('functions: the same rules, and a pipeline as the last command returns 0 to the caller', async () => {
    assert.deepEqual(await run('f() { false; echo not reached; }\nf\necho not reached'), { exitCode: 1, output: '' });
    assert.deepEqual(await run('f() { yes | head -1; }\ng() { f; }\ng\necho after'), { exitCode: 0, output: 'y\nafter\n' });
    assert.deepEqual(await run('f() { seq 1 1000000 | head -1; }\nf'), { exitCode: 0, output: '1\n' });
    assert.equal((await run(`f() { yes | head -1; ${killedByPipe}; }\nf\necho not reached`)).exitCode, 141);
    assert.deepEqual(await run('f() { false; echo in f; }\nif f; then echo ok; fi\nf || echo not reached'), { exitCode: 0, output: 'in f\nok\nin f\n' }, '`if` and `||` contexts, as with set -e');
  });

  it('subshells and command substitution', async () => {
    assert.deepEqual(await run('( false; echo not reached )\necho not reached'), { exitCode: 1, output: '' });
    assert.deepEqual(await run('( yes | head -1 )\necho after'), { exitCode: 0, output: 'y\nafter\n' });
    assert.deepEqual(await run('x=$(seq 1 1000000 | head -1)\necho "x=$x"'), { exitCode: 0, output: 'x=1\n' });
    assert.deepEqual(await run('x=$(false)\necho not reached'), { exitCode: 1, output: '' });
    assert.equal((await run(`( yes | head -1; ${killedByPipe} )\necho not reached`)).exitCode, 141);
  });

  it('what set -e leaves alone stays alone', async () => {
    assert.deepEqual(await run('if false; then :; fi\nfalse && true\nfalse || true\n! false\necho after'), { exitCode: 0, output: 'after\n' });
    assert.deepEqual(await run('echo out; echo err >&2; exit 3'), { exitCode: 3, output: 'out\nerr\n' });
    // bash ends an eval'd text on an unbound variable with 127 (a sourced file: 1): a failure either way.
    assert.equal((await run('echo "$unset_variable"\necho not reached')).exitCode, 127, 'set -u');
    assert.deepEqual(await run('trap "echo bye" EXIT\nfalse'), { exitCode: 1, output: 'bye\n' }, 'a block\'s own EXIT trap');
  });
});
