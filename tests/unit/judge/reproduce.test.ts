import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';
import { changedWords } from '../../../src/lib/compare.ts';
import { parseRecording } from '../../../src/lib/store/parse-recording.ts';
import type { BlockRun } from '../../../scripts/lib/run/block-run.ts';
import { parseOptions } from '../../../scripts/lib/cli/options.ts';
import { compareRuns, notRecordedReason, repeatSession, singleRunNotice } from '../../../scripts/lib/judge/reproduce.ts';
import { noteFailed, type BlockResult, type NoteResult } from '../../../scripts/lib/core/results.ts';
import { reproducedPrefix } from '../../../scripts/lib/judge/resume.ts';
import { fence, noteBlocks } from '../../support/blocks.ts';

const blocks = noteBlocks(fence('run id=roll needs=docker', 'echo $RANDOM'), fence('run id=ps needs=docker', 'docker ps'), fence('run id=later needs=docker', 'true'));
const run = (transcript: string, exitCode = 0): BlockRun => {
  const { text, masks } = normalizeTranscript(transcript, []);
  return { exitCode, timedOut: false, asExpected: exitCode === 0, transcript, normalized: text, masks, durationMs: 1, attempts: 1 };
};
/** One session's result: each block recorded with the given output ([output, exit code]). */
const session = (outputs: Record<string, string | [string, number]>, problems: string[] = []): NoteResult => ({
  note: 'n',
  source: 'content/notes/n.mdx',
  problems,
  blocks: blocks.map((block): BlockResult => {
    const output = outputs[block.key];
    if (output === undefined) return { block, status: 'not-run', message: 'an earlier block failed' };
    const [text, code] = typeof output === 'string' ? [output, 0] : output;
    return { block, status: code === 0 ? 'recorded' : 'failed', run: run(text, code) };
  }),
});

describe('compareRuns', () => {
  it('two runs that print the same comparison form (ids and ages masked) agree', () => {
    const first = session({ roll: 'x\n', ps: 'c 3f9a1b2c4d5e Up 2 seconds\n', later: '' });
    assert.deepEqual(compareRuns(first, session({ roll: 'x\n', ps: 'c 77aa88bb99cc Up 9 seconds\n', later: '' }), 2), []);
    assert.ok(first.blocks.every((b) => b.status === 'recorded'));
    assert.equal(noteFailed(first), false);
  });

  it('a value no normaliser masks: unreproduced, with the two runs\' diff, the value and what to do', () => {
    const first = session({ roll: '12345\n', ps: 'ok\n', later: '' });
    const [marked, ...rest] = compareRuns(first, session({ roll: '23456\n', ps: 'ok\n', later: '' }), 2);
    assert.equal(rest.length, 0);
    assert.equal(marked?.block.key, 'roll');
    assert.equal(marked?.status, 'unreproduced');
    assert.equal(marked?.message, 'not reproduced: the comparison forms of run 1 and run 2 differ');
    assert.match(marked?.diff ?? '', /\(run 1\)\n\+\+\+ .*\(run 2\)\n@@ .* @@\n-12345\n\+23456/);
    assert.match(marked?.hint ?? '', /values that changed between the runs: "12345" → "23456"/);
    assert.match(marked?.hint ?? '', /normalize=… .*opt-in normalisers: .*\bsize\b/);
    assert.match(marked?.hint ?? '', /retry=60s until=/);
    assert.equal(noteFailed(first), true, 'exit code 1, and nothing is written');
    assert.match(notRecordedReason(first), /1 block\(s\) printed something else when run again \(roll\)/);
  });

  it('another exit status is unreproduced too; a failure in run 2 that run 1 never recorded is a problem', () => {
    const first = session({ roll: 'ok\n', ps: 'ok\n', later: '' });
    const [marked] = compareRuns(first, session({ roll: ['ok\n', 1] }), 2);
    assert.equal(marked?.block.key, 'roll');
    assert.match(marked?.message ?? '', /run 1 exited with 0, run 2 with 1/);
    assert.match(marked?.hint ?? '', /exit status depends on something outside the note/);

    const leftover = session({ roll: 'ok\n', ps: 'ok\n', later: '' });
    assert.deepEqual(compareRuns(leftover, session({ roll: 'ok\n', ps: 'ok\n', later: '' }, ['left behind: container kn-x']), 2), []);
    assert.deepEqual(leftover.problems, ['run 2: left behind: container kn-x']);
  });
});

describe('repeatSession', () => {
  const hooks = (stopped = () => false) => ({ stopped, log: () => {}, disagreed: () => {} });

  it('runs the note N times while the runs agree; the count is what gets recorded', async () => {
    const ran: number[] = [];
    const { result, agreed } = await repeatSession(3, async (n) => (ran.push(n), session({ roll: 'same\n', ps: 'ok\n', later: '' })), hooks());
    assert.deepEqual(ran, [1, 2, 3]);
    assert.equal(agreed, 3);
    assert.equal(noteFailed(result), false);
  });

  it('stops at the first disagreement, never repeats a failed run, and --repeat 1 runs once', async () => {
    const ran: number[] = [];
    const disagreed: string[] = [];
    const repeated = await repeatSession(3, async (n) => (ran.push(n), session({ roll: `${n}\n`, ps: 'ok\n', later: '' })), { ...hooks(), disagreed: (r) => disagreed.push(r.block.key) });
    assert.deepEqual([ran, disagreed, repeated.agreed], [[1, 2], ['roll'], 1]);

    const failing = await repeatSession(2, async () => session({ roll: ['boom\n', 1] }), hooks());
    assert.equal(failing.agreed, 1);
    assert.equal(failing.result.blocks[0]?.status, 'failed');

    assert.equal((await repeatSession(1, async () => session({ roll: '1\n', ps: 'ok\n', later: '' }), hooks())).agreed, 1);
  });

  it('run 1 failed at a block: the later runs repeat only the blocks before it, and what they print alike is kept to resume from', async () => {
    const upTos: Array<string | undefined> = [];
    const failed = await repeatSession(3, async (n, upTo) => (upTos.push(upTo), n === 1 ? session({ roll: 'same\n', ps: 'ok\n', later: ['boom\n', 1] }) : session({ roll: 'same\n', ps: n === 3 ? 'other\n' : 'ok\n' })), hooks());
    assert.deepEqual(upTos, [undefined, 'later', 'later'], 'runs 2 and 3 stop before the failed block');
    assert.equal(failed.laters.length, 2);
    const { kept, resumeAt } = reproducedPrefix(failed.result, failed.laters);
    assert.deepEqual([kept.map((b) => b.block.key), resumeAt?.key], [['roll'], 'ps'], 'run 3 printed ps otherwise: resume there');
    assert.equal(noteFailed(failed.result), true, 'and nothing of it is recorded as the note');
  });

  it('an interrupted repeat records nothing', async () => {
    let n = 0;
    const { result } = await repeatSession(2, async () => (n++, session({ roll: 'x\n', ps: 'ok\n', later: '' })), hooks(() => n >= 2));
    assert.deepEqual(result.problems, ['run 2 was interrupted: nothing is recorded']);
  });
});

describe('reproduced recordings', () => {
  const recording = (extra: string) =>
    `{"note":"n","source":"content/notes/n.mdx","blocks":{"a":{"kind":"run","hash":"h","inputs":[],"line":3,"exitCode":0,"transcript":"","normalized":"","masks":[],"durationMs":1,"attempts":1${extra},"recordedAt":"2026-12-01T00:00:00Z","environment":{"os":"x","runner":"y"}}}}`;

  it('the schema reads recordings made before runs were repeated, and refuses a count below 1', () => {
    const old = parseRecording(recording(''), 'content/outputs/n.json', 'n');
    assert.equal(old.blocks.a?.kind === 'run' && old.blocks.a.runs, undefined);
    assert.equal(singleRunNotice(old)?.startsWith('1 block(s) recorded from one run only (a)'), true);
    const twice = parseRecording(recording(',"runs":2'), 'content/outputs/n.json', 'n');
    assert.equal(singleRunNotice(twice), undefined);
    assert.throws(() => parseRecording(recording(',"runs":0'), 'content/outputs/n.json', 'n'), /blocks\.a\.runs: /);
  });

  it('--repeat: 2 by default, 1 allowed, only with --update', () => {
    assert.equal(parseOptions(['--update']).repeat, 2);
    assert.equal(parseOptions(['--update', '--repeat', '1']).repeat, 1);
    assert.throws(() => parseOptions(['--update', '--repeat', '0']), /--repeat 0: not a number of runs/);
    assert.throws(() => parseOptions(['--repeat', '2']), /--repeat only applies to --update/);
  });

  it('changedWords names the values that differ, spacing aside', () => {
    assert.deepEqual(changedWords('pid 1234 at 10:00\nok\n', 'pid  9876 at 10:00\nok\nextra\n'), ['"1234" → "9876"', '(new) "extra"']);
  });
});
