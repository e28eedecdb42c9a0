// The runner's own cost, without Docker: a note of N trivial run blocks verified by
// verify-notes against the same blocks as one plain bash script, for N = 1 and N = 20.
// What the runner adds beyond bash is start-up (fixed) + N × per-block cost; two sizes give
// both (intercept and slope). The real work of a note (docker, kubectl) is the same on both
// sides and left out, so what remains is exactly what the runner itself costs.
// Run: npm run bench:overhead   (BENCH_ROUNDS=9 for more rounds; takes a few seconds)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../scripts/verify-notes.mjs', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZES = [1, 20] as const;
/** The Docker half of week 2 (bench/README.md): what the projection at the end is for. */
const DOCKER_HALF = { blocks: 19, plainSeconds: 19.55 };

const FILES = { 'greeting.txt': 'hello from a file block', 'lib/names.sh': 'names() { echo alpha beta; }' };

/** Run block i: trivial, but it reads the file blocks as real blocks read theirs. */
const blockCode = (i: number) => (i % 2 ? `echo "block ${i}: $(cat greeting.txt)"` : `. lib/names.sh; echo "block ${i}: $(names)"`);

function noteOf(blocks: number): string {
  const files = Object.entries(FILES).map(([path, text]) => `\`\`\`sh file=${path}\n${text}\n\`\`\``);
  const runs = Array.from({ length: blocks }, (_, i) => `Block ${i + 1}.\n\n\`\`\`sh run id=block-${i + 1}\n${blockCode(i + 1)}\n\`\`\``);
  return `---\ntitle: overhead\n---\n\n# overhead\n\n${[...files, ...runs].join('\n\n')}\n`;
}

/** The same blocks as plain bash: each in a strict subshell, output discarded, in the file blocks' dir. */
function plainScriptOf(blocks: number, workDir: string): string {
  const lines = ['set -uo pipefail', `cd '${workDir}'`];
  for (let i = 1; i <= blocks; i++) lines.push(`( set -euo pipefail; ${blockCode(i)} ) </dev/null >/dev/null 2>&1 || exit 1`);
  return `${lines.join('\n')}\n`;
}

interface Fixture {
  blocks: number;
  root: string;
  plainScript: string;
}

function fixture(base: string, blocks: number): Fixture {
  const root = join(base, `n${blocks}`);
  mkdirSync(join(root, 'content/notes'), { recursive: true });
  writeFileSync(join(root, 'content/notes/overhead.mdx'), noteOf(blocks));
  const workDir = join(root, 'plain-work');
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(join(workDir, path, '..'), { recursive: true });
    writeFileSync(join(workDir, path), `${text}\n`);
  }
  const plainScript = join(root, 'plain.sh');
  writeFileSync(plainScript, plainScriptOf(blocks, workDir));
  return { blocks, root, plainScript };
}

/** Wall time of one command in ms; it must succeed. */
function time(command: string, args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '' } });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  return ms;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;

const base = mkdtempSync(join(tmpdir(), 'kubia-notes-overhead-'));
try {
  const fixtures = SIZES.map((n) => fixture(base, n));
  const commands: Record<string, [string, string[]]> = { help: [process.execPath, [CLI, '--help']], static: [process.execPath, [CLI, '--root', (fixtures[0] as Fixture).root, '--static']] };
  for (const f of fixtures) {
    commands[`plain ${f.blocks}`] = ['bash', [f.plainScript]];
    commands[`runner ${f.blocks}`] = [process.execPath, [CLI, '--root', f.root]];
  }
  // Recorded once; every timed run then verifies (and passes) against this recording.
  for (const f of fixtures) time(process.execPath, [CLI, '--root', f.root, '--update']);
  // One untimed warm-up of each (file cache, Node's compile cache), as hyperfine --warmup.
  for (const [command, args] of Object.values(commands)) time(command, args);
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternating within each round: a burst of load on the machine hits both sides alike.
    for (const [name, [command, args]] of Object.entries(commands)) samples[name]?.push(time(command, args));
    process.stderr.write(`round ${round}: ${Object.entries(samples).map(([name, values]) => `${name} ${(values.at(-1) as number).toFixed(0)}`).join(', ')} (ms)\n`);
  }
  const m = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)])) as Record<string, number>;
  const [small, large] = SIZES;
  const overhead = (n: number) => (m[`runner ${n}`] as number) - (m[`plain ${n}`] as number);
  const perBlock = (overhead(large) - overhead(small)) / (large - small);
  const startup = overhead(small) - perBlock * small;
  const projected = startup + perBlock * DOCKER_HALF.blocks;
  console.log(`verify-notes' own cost (trivial blocks, no needs; median of ${ROUNDS} rounds)`);
  for (const n of SIZES) console.log(`  ${String(n).padStart(2)} block${n > 1 ? 's' : ' '}  plain bash ${ms(m[`plain ${n}`] as number)}   verify-notes ${ms(m[`runner ${n}`] as number)}   overhead ${ms(overhead(n))}`);
  console.log(`  start-up (fixed)     ${ms(startup)}`);
  console.log(`  per block (slope)    ${ms(perBlock)}`);
  console.log(`  --static             ${ms(m.static as number)}`);
  console.log(`  --help               ${ms(m.help as number)}`);
  console.log(`  on the Docker half (${DOCKER_HALF.blocks} blocks, ${DOCKER_HALF.plainSeconds} s of bash): ${ms(projected)} = ratio ${(1 + projected / 1000 / DOCKER_HALF.plainSeconds).toFixed(4)} (target ≤ 1.01)`);
} finally {
  rmSync(base, { recursive: true, force: true });
}
