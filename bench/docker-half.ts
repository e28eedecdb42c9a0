// Wall time of verifying the Docker half of week 2 with verify-notes, against the same
// blocks as one plain bash script (same files, same retry interval, same cleanup). On a
// shared machine the engine's pace drifts by more than the runner costs, so each round is a
// pair run back to back and the figure is the median of the pairs' ratios, with its spread.
// Run: npm run bench:docker   (needs a Docker engine; ≈ 40 s a pair: 8 rounds and a warm-up by default;
// BENCH_ROUNDS=16 for a tighter figure, BENCH_WARMUP=0 to count the first pair too)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { blocksOfNote } from '../src/lib/blocks/parse-note.ts';
import { RETRY_INTERVAL_MS } from '../scripts/lib/run/block-run.ts';
import { spreadOf } from './spread.ts';

const NOTE = 'content/notes/week-02.mdx';
/** Paired rounds counted; even, so that each order runs as often. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
/** Pairs run first and not counted: the build cache, the page cache and Node's compile cache warm up. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);

const blocks = (await blocksOfNote(NOTE)).filter((b) => b.kind === 'file' || (b.meta.needs.length > 0 && b.meta.needs.every((n) => n === 'docker')));

/** The same work as plain bash: files written, blocks in order, retry loops, cleanup last. */
function plainScript(workDir: string): string {
  const lines = ['set -uo pipefail', `cd ${workDir}`];
  for (const block of blocks.filter((b) => b.kind === 'file')) {
    const path = join(workDir, block.meta.file as string);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${block.code}\n`);
  }
  const run = blocks.filter((b) => b.kind === 'run');
  for (const block of [...run.filter((b) => !b.meta.cleanup), ...run.filter((b) => b.meta.cleanup)]) {
    const body = `( set -euo pipefail\n${block.code}\n) </dev/null >/dev/null 2>&1`;
    if (block.meta.retryMs) {
      lines.push(`deadline=$((SECONDS + ${Math.ceil(block.meta.retryMs / 1000)})); until ${body}; do [ $SECONDS -lt $deadline ] || exit 1; sleep ${RETRY_INTERVAL_MS / 1000}; done`);
    } else if (block.meta.expectedExit !== 0) lines.push(`! ${body}`);
    else lines.push(`${body} || exit 1`);
  }
  return lines.join('\n');
}

interface Timing {
  /** Wall seconds. */
  wall: number;
  /** CPU seconds (user + system) of the command and every process it waited for. */
  cpu: number;
}

/** `times` after the command: its children's CPU, which no Node API gives for a spawned tree. */
const WITH_CPU = '"$@" </dev/null >/dev/null; rc=$?; times >&2; exit $rc';
const minutes = (text: string) => {
  const [, m = '0', sec = '0'] = /^(\d+)m([\d.]+)s$/.exec(text) ?? [];
  return Number(m) * 60 + Number(sec);
};

function time(command: string, args: string[]): Timing {
  const started = performance.now();
  const result = spawnSync('bash', ['-c', WITH_CPU, 'bench', command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  // `times` prints the shell's own user/sys line, then its children's: the last line.
  const [user = '', sys = ''] = result.stderr.trim().split('\n').at(-1)?.split(/\s+/) ?? [];
  return { wall, cpu: minutes(user) + minutes(sys) };
}

function timePlain(): Timing {
  const workDir = mkdtempSync(join(tmpdir(), 'kubia-notes-bench-'));
  try {
    writeFileSync(join(workDir, 'plain.sh'), plainScript(workDir));
    return time('bash', [join(workDir, 'plain.sh')]);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

const timeRunner = () => time(process.execPath, ['scripts/verify-notes.mjs', '--note', 'week-02', '--needs', 'docker']);

interface Round {
  runner: number;
  plain: number;
  runnerCpu: number;
  plainCpu: number;
  ratio: number;
  runnerFirst: boolean;
}

/**
 * One pair, back to back, so that both sides see the same engine and the same neighbours: the
 * ratio of the pair is the sample, not either time alone. The order swaps each round, so that a
 * side that warms or cools the engine for the other does not always win.
 */
function pair(runnerFirst: boolean): Round {
  const [first, second] = runnerFirst ? [timeRunner(), timePlain()] : [timePlain(), timeRunner()];
  const [runner, plain] = runnerFirst ? [first, second] : [second, first];
  return { runner: runner.wall, plain: plain.wall, runnerCpu: runner.cpu, plainCpu: plain.cpu, ratio: runner.wall / plain.wall, runnerFirst };
}

const s2 = (seconds: number) => `${seconds.toFixed(2)} s`;
const r3 = (ratio: number) => (Number.isNaN(ratio) ? 'none' : ratio.toFixed(3));

for (let round = 1; round <= WARMUP; round++) {
  const { runner, plain } = pair(round % 2 === 0);
  process.stderr.write(`warm-up ${round}: verify-notes ${s2(runner)}, plain bash ${s2(plain)} (not counted)\n`);
}
const rounds: Round[] = [];
const startup: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const done = pair(round % 2 === 1);
  rounds.push(done);
  startup.push(time(process.execPath, ['scripts/verify-notes.mjs', '--note', 'week-02', '--static']).wall);
  const order = done.runnerFirst ? 'verify-notes first' : 'plain bash first';
  process.stderr.write(`round ${round}: verify-notes ${s2(done.runner)}, plain bash ${s2(done.plain)}, ratio ${r3(done.ratio)} (${order})\n`);
}

const ratio = spreadOf(rounds.map((r) => r.ratio));
const runner = spreadOf(rounds.map((r) => r.runner)).median;
const plain = spreadOf(rounds.map((r) => r.plain)).median;
const byOrder = (runnerFirst: boolean) => spreadOf(rounds.filter((r) => r.runnerFirst === runnerFirst).map((r) => r.ratio)).median;
console.log(`Docker half of week 2 (${blocks.filter((b) => b.kind === 'run').length} blocks; paired rounds: ${ROUNDS}, after warm-up pairs: ${WARMUP})`);
console.log(`  plain bash          ${s2(plain)} (median)`);
console.log(`  verify-notes        ${s2(runner)} (median)`);
console.log(`  start-up (--static) ${s2(spreadOf(startup).median)} (median)`);
console.log(`  ratio               ${r3(ratio.median)} (median of the rounds' ratios; target ≤ 1.01)`);
console.log(`  spread              middle half ${r3(ratio.q1)}–${r3(ratio.q3)}, all ${r3(ratio.min)}–${r3(ratio.max)}`);
console.log(`  by order            ${r3(byOrder(true))} verify-notes first, ${r3(byOrder(false))} plain bash first`);
// CPU time does not wait on the engine or on neighbours: the runner's own cost, without the noise.
const cpu = (pick: (r: Round) => number) => spreadOf(rounds.map(pick)).median;
console.log(`  CPU (user+sys)      plain bash ${s2(cpu((r) => r.plainCpu))}, verify-notes ${s2(cpu((r) => r.runnerCpu))}, the runner's own ${s2(cpu((r) => r.runnerCpu - r.plainCpu))} (medians; the engine's work is in dockerd, outside both)`);
