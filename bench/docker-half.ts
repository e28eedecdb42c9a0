// Wall time of verifying the Docker half of week 2 with verify-notes, against the same
// blocks as one plain bash script (same files, same retry interval, same cleanup).
// Run: npm run bench:docker   (needs a Docker engine; takes a few minutes)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { blocksOfNote } from '../src/lib/blocks/parse-note.ts';
import { RETRY_INTERVAL_MS } from '../scripts/lib/block-run.ts';

const NOTE = 'content/notes/week-02.mdx';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

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

function time(command: string, args: string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return (performance.now() - started) / 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const runner: number[] = [];
const plain: number[] = [];
const startup: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const workDir = mkdtempSync(join(tmpdir(), 'kubia-notes-bench-'));
  try {
    writeFileSync(join(workDir, 'plain.sh'), plainScript(workDir));
    plain.push(time('bash', [join(workDir, 'plain.sh')]));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  runner.push(time(process.execPath, ['scripts/verify-notes.mjs', '--note', 'week-02', '--needs', 'docker']));
  startup.push(time(process.execPath, ['scripts/verify-notes.mjs', '--note', 'week-02', '--static']));
  process.stderr.write(`round ${round}: verify-notes ${runner.at(-1)?.toFixed(2)} s, plain bash ${plain.at(-1)?.toFixed(2)} s\n`);
}

const r = median(runner);
const p = median(plain);
const s = median(startup);
console.log(`Docker half of week 2 (${blocks.filter((b) => b.kind === 'run').length} blocks, median of ${ROUNDS} rounds)`);
console.log(`  plain bash          ${p.toFixed(2)} s`);
console.log(`  verify-notes        ${r.toFixed(2)} s`);
console.log(`  overhead            ${(((r - p) / p) * 100).toFixed(1)} % (${(r - p).toFixed(2)} s)`);
console.log(`  start-up (--static) ${s.toFixed(2)} s`);
console.log(`  ratio               ${(r / p).toFixed(3)}`);
