import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOptions, UsageError } from '../../../scripts/lib/cli/options.ts';

describe('parseOptions', () => {
  it('gives the defaults a plain run uses', () => {
    const options = parseOptions([]);
    assert.equal(options.reporter, 'text');
    assert.equal(options.failOn, 'drift');
    assert.equal(options.env, 'pinned');
    assert.equal(options.maxOutput, 256 * 1024);
    assert.equal(options.jobs, 1);
    assert.equal(options.needs, undefined);
    assert.equal(parseOptions(['--env', 'latest']).failOn, 'rot', 'another environment fails only on rot by default');
    assert.deepEqual(parseOptions(['--needs', 'docker,kind']).needs, ['docker', 'kind']);
    assert.equal(parseOptions(['--wait']).wait, 600_000);
    assert.equal(parseOptions(['--max-output', '1m']).maxOutput, 1024 * 1024);
  });

  for (const [args, message] of [
    [['--reporter', 'xml'], /--reporter xml: not one of text, json, junit, markdown/],
    [['--needs', 'docker,podman'], /--needs podman: not one of docker, kind/],
    [['--fail-on', 'everything'], /--fail-on everything: not one of drift, rot/],
    [['--env', 'Latest'], /--env Latest: not an environment name/],
    [['--wait=0s'], /--wait: must be longer than 0/],
    [['--max-output', '100'], /not a size of at least 1k/],
    [['--jobs', '65'], /not a number of jobs/],
    [['--changed', '--since='], /--since needs a git ref/],
    [['--nosuch'], /Unknown option '--nosuch'/],
  ] as const) {
    it(`refuses ${args.join(' ')} as bad input (exit 2), saying what is wrong`, () => {
      assert.throws(() => parseOptions(args), (error: unknown) => error instanceof UsageError && error.exitCode === 2 && message.test(error.message));
    });
  }
});
