// A whole book of notes, measured: synthetic notes made from the block grammar (Docker-only
// and Kubernetes blocks, file blocks) in a temp project that is always removed, and
//   1. extract + --static of 100 notes (target < 1 s),
//   2. the runner's own cost per block as the book grows (1, 10, 40 notes of trivial
//      blocks against the same blocks in plain bash: it must stay flat),
//   3. 8 real small Docker notes, one after another and with --jobs 2 (needs a Docker
//      engine; BENCH_DOCKER=0 leaves it out),
//   4. from week-02's recorded durations, the CI wall time of the whole book (18 chapters)
//      with 1, 4 and 8 shards.
// Run: npm run bench:scale   (on a shared machine: flock /tmp/kubia-notes-dev.lock npm run bench:scale)
// BENCH_ROUNDS=3 (default) rounds each; BENCH_SHARD_SETUP_S (default 150) is what a CI
// shard costs before its first block (see bench/README.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Block } from '../src/lib/blocks/block.ts';
import { inputsByBlock } from '../src/lib/blocks/chain.ts';
import { blocksOf } from '../src/lib/blocks/extract.ts';
import { parseMdx } from '../src/lib/blocks/parse-note.ts';
import { normalizeTranscript } from '../src/lib/normalize/index.ts';
import type { NoteRecording } from '../src/lib/store/schema.ts';
import { binsOf, recordedDurationMs } from '../scripts/lib/book/shard.ts';

const CLI = fileURLToPath(new URL('../scripts/verify-notes.mjs', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SHARD_SETUP_S = Number(process.env.BENCH_SHARD_SETUP_S ?? 150);
const CHAPTERS = 18;

const fence = (meta: string, code: string, lang = 'sh') => `\`\`\`${lang} ${meta}\n${code}\n\`\`\``;

/**
 * A note as the book's notes are: prose, a Dockerfile and an app (file blocks), Docker
 * blocks that build and run them, Kubernetes blocks with a manifest, cleanup at the end.
 * Names carry the note's name, as an isolated note's must.
 */
function syntheticNote(name: string): string {
  const blocks = [
    fence('file=app.js', `const http = require('http');\nhttp.createServer((q, s) => s.end('${name}')).listen(8080);`, 'js'),
    fence('file=Dockerfile', 'FROM node:24\nADD app.js /app.js\nENTRYPOINT ["node", "app.js"]', 'dockerfile'),
    fence(`run id=${name}-build needs=docker normalize=buildkit`, `docker build -t ${name}-app .`),
    fence(`run id=${name}-run needs=docker`, `docker run -d --name kn-${name}-web ${name}-app >/dev/null && echo started`),
    fence(`run id=${name}-exec needs=docker retry=30s`, `docker exec kn-${name}-web node -e "console.log(1 + 1)"`),
    fence(`run id=${name}-logs needs=docker`, `docker logs kn-${name}-web`),
    fence('file=pod.yaml', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: app\n    image: ${name}-app`, 'yaml'),
    fence(`run id=${name}-apply needs=kind`, 'kubectl apply -f pod.yaml'),
    fence(`run id=${name}-get needs=kind retry=120s until=/Running/`, `kubectl get po ${name}`),
    fence(`run id=${name}-k8s-clean needs=kind cleanup`, `kubectl delete po ${name} --wait=false`),
    fence(`run id=${name}-clean needs=docker cleanup`, `docker rm -f kn-${name}-web >/dev/null\ndocker rmi ${name}-app >/dev/null`),
  ];
  return `---\ntitle: "${name}"\nweek: 1\nchapter: 1\nchapterTitle: "합성"\nsummary: "벤치마크용 합성 노트"\n---\n\n# ${name}\n\n${blocks.map((b, i) => `${i + 1}번째 단계입니다.\n\n${b}`).join('\n\n')}\n`;
}

/** Recordings that are current for a note's blocks, as --update would have written them. */
function currentRecording(note: string, source: string, blocks: Block[], durationMs: (block: Block) => number): NoteRecording {
  const inputs = inputsByBlock(blocks);
  const environment = { os: 'bench', runner: 'bench', docker: { client: '1', server: '1' }, kubernetes: { client: 'v1.34.11', server: 'v1.34.11', context: 'kind-kubia-notes' }, kind: 'v0.33.0' };
  const entries = blocks.map((b) => {
    if (b.kind === 'file') return [b.key, { kind: 'file' as const, hash: b.hash, line: b.line }];
    const transcript = `output of ${b.key} 3f9a1b2c4d5e at 2026-12-01T00:00:00Z\n`;
    const { text, masks } = normalizeTranscript(transcript, b.meta.normalize);
    return [b.key, { kind: 'run' as const, hash: b.hash, inputs: inputs.get(b.key) ?? [], line: b.line, exitCode: 0, transcript, normalized: text, masks, durationMs: durationMs(b), attempts: 1, runs: 2, recordedAt: '2026-12-01T00:00:00Z', environment }];
  });
  return { note, source, blocks: Object.fromEntries(entries) };
}

/** A project root with these notes (name → MDX) and, when given, their recordings. */
function project(base: string, dir: string, notes: Record<string, string>, recordings: Record<string, NoteRecording> = {}): string {
  const root = join(base, dir);
  mkdirSync(join(root, 'content/notes'), { recursive: true });
  mkdirSync(join(root, 'content/outputs'), { recursive: true });
  for (const [name, text] of Object.entries(notes)) writeFileSync(join(root, 'content/notes', `${name}.mdx`), text);
  for (const [name, recording] of Object.entries(recordings)) writeFileSync(join(root, 'content/outputs', `${name}.json`), `${JSON.stringify(recording)}\n`);
  return root;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/** Wall time of one command in ms, and the verdict lines of blocks that did not pass; it must exit with one of `allowed`. */
function timed(command: string, args: readonly string[], env: NodeJS.ProcessEnv, allowed: readonly number[] = [0]): { ms: number; failures: string[] } {
  const started = performance.now();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, GITHUB_ACTIONS: '', ...env } });
  const ms = performance.now() - started;
  if (!allowed.includes(result.status ?? -1)) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr.slice(-3000)}`);
  return { ms, failures: result.stderr.split('\n').filter((line) => line.startsWith('✗')) };
}

const time = (command: string, args: readonly string[], env: NodeJS.ProcessEnv) => timed(command, args, env).ms;

/** Where our offline setup's dockerd logs (scripts/airgap/docker-engine.sh); elsewhere set BENCH_DOCKERD_LOG or go without. */
const DOCKERD_LOG = process.env.BENCH_DOCKERD_LOG ?? '/var/log/kubia-notes-dockerd.log';

/** The engine's lines since `since` (an ISO time) saying it lost a container's output: "stream copy error: reading from a closed fifo". */
function streamCopyErrorsSince(since: string): string[] {
  if (!existsSync(DOCKERD_LOG)) return [];
  return readFileSync(DOCKERD_LOG, 'utf8').split('\n').filter((line) => line.includes('stream copy error') && (/^time="([^"]+)"/.exec(line)?.[1] ?? '') >= since);
}

const ms = (value: number) => `${value.toFixed(1).padStart(8)} ms`;
const s = (value: number) => `${(value / 1000).toFixed(1).padStart(6)} s`;
const dockerUp = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 15_000 }).status === 0;

const base = mkdtempSync(join(tmpdir(), 'kubia-notes-scale-'));
// The runner's caches (parsed notes, compiled code) live in the temp dir too: nothing of
// this bench stays in ~/.cache, and the first run of each kind is a cold one.
const env = { XDG_CACHE_HOME: join(base, 'cache') };
try {
  // 1. Extract + --static, 100 notes.
  const names = Array.from({ length: 100 }, (_, i) => `syn-${String(i + 1).padStart(3, '0')}`);
  const texts = Object.fromEntries(names.map((name) => [name, syntheticNote(name)]));
  const extractStarted = performance.now();
  const blocks = Object.fromEntries(names.map((name) => [name, blocksOf(parseMdx(texts[name] as string, `content/notes/${name}.mdx`), `content/notes/${name}.mdx`)]));
  const extractMs = performance.now() - extractStarted;
  const recordings = Object.fromEntries(names.map((name) => [name, currentRecording(name, `content/notes/${name}.mdx`, blocks[name] as Block[], () => 1000)]));
  const book = project(base, 'book', texts, recordings);
  const runBlocks = Object.values(blocks).flat().filter((b) => b.kind === 'run').length;
  const cold = time(process.execPath, [CLI, '--root', book, '--static'], env);
  const warm: number[] = [];
  for (let round = 0; round < ROUNDS; round++) warm.push(time(process.execPath, [CLI, '--root', book, '--static'], env));
  console.log(`1. ${names.length} notes (${runBlocks} run blocks, ${Object.values(blocks).flat().length - runBlocks} file blocks): extract and --static`);
  console.log(`  extract in-process (parse MDX → blocks)   ${ms(extractMs)}`);
  console.log(`  --static, first run (caches cold)         ${ms(cold)}`);
  console.log(`  --static, median of ${ROUNDS} (cache warm)      ${ms(median(warm))}   target < 1000 ms → ${median(warm) < 1000 ? 'met' : 'NOT met'}`);

  // 2. The runner's own cost per block as the book grows.
  const trivial = (name: string, count: number) => `---\ntitle: t\n---\n\n${fence('file=greeting.txt', `hello from ${name}`)}\n\n${Array.from({ length: count }, (_, i) => fence(`run id=${name}-b${i + 1}`, i % 2 ? 'cat greeting.txt' : `echo "block ${i + 1}"`)).join('\n\n')}\n`;
  const BLOCKS_PER_NOTE = 5;
  console.log(`2. the runner's own cost per block as notes grow (${BLOCKS_PER_NOTE} trivial blocks a note, no Docker; median of ${ROUNDS})`);
  const overheads: Array<{ blocks: number; overhead: number }> = [];
  for (const count of [1, 10, 40]) {
    const notes = Object.fromEntries(Array.from({ length: count }, (_, i) => [`t-${String(i + 1).padStart(3, '0')}`, trivial(`t-${i + 1}`, BLOCKS_PER_NOTE)]));
    const root = project(base, `grow-${count}`, notes);
    const plain = join(root, 'plain.sh');
    const work = join(root, 'plain-work');
    mkdirSync(work, { recursive: true });
    const lines = ['set -uo pipefail'];
    for (let n = 1; n <= count; n++) {
      lines.push(`cd '${work}' && echo 'hello from t-${n}' > greeting.txt`);
      for (let i = 0; i < BLOCKS_PER_NOTE; i++) lines.push(`( set -euo pipefail; ${i % 2 ? 'cat greeting.txt' : `echo "block ${i + 1}"`} ) </dev/null >/dev/null 2>&1 || exit 1`);
    }
    writeFileSync(plain, `${lines.join('\n')}\n`);
    time(process.execPath, [CLI, '--root', root, '--update'], env);
    time(process.execPath, [CLI, '--root', root], env); // warm-up
    const runner: number[] = [];
    const bash: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      runner.push(time(process.execPath, [CLI, '--root', root], env));
      bash.push(time('bash', [plain], env));
    }
    const blocksRun = count * BLOCKS_PER_NOTE;
    const overhead = median(runner) - median(bash);
    overheads.push({ blocks: blocksRun, overhead });
    console.log(`  ${String(count).padStart(3)} note(s), ${String(blocksRun).padStart(3)} blocks: verify-notes ${ms(median(runner))}, plain bash ${ms(median(bash))}, overhead ${ms(overhead)}`);
  }
  // The slope between two sizes is the cost of one more block (its note's session included):
  // flat means the 200th block costs what the 10th did.
  const [one, ten, forty] = overheads as [{ blocks: number; overhead: number }, { blocks: number; overhead: number }, { blocks: number; overhead: number }];
  const early = (ten.overhead - one.overhead) / (ten.blocks - one.blocks);
  const late = (forty.overhead - ten.overhead) / (forty.blocks - ten.blocks);
  console.log(`  per block, 1 → 10 notes  ${ms(early)}`);
  console.log(`  per block, 10 → 40 notes ${ms(late)}   ${late <= early * 1.25 ? 'flat' : 'GROWS'} (start-up ≈ ${ms(one.overhead - early * one.blocks)})`);

  // 3. 8 real small Docker notes: one after another, and --jobs 2.
  if (process.env.BENCH_DOCKER === '0' || !dockerUp) {
    console.log(`3. 8 Docker notes: left out (${dockerUp ? 'BENCH_DOCKER=0' : 'no Docker engine here'})`);
  } else {
    const docker = (name: string) =>
      `---\ntitle: t\n---\n\n${[
        fence(`run id=${name}-start needs=docker`, `docker run -d --name kn-${name}-web busybox sleep 60 >/dev/null\necho started`),
        fence(`run id=${name}-exec needs=docker`, `docker exec kn-${name}-web sh -c 'echo hello from ${name}; sleep 1'`),
        fence(`run id=${name}-once needs=docker`, `docker run --rm --name kn-${name}-once busybox echo once`),
        fence(`run id=${name}-clean needs=docker cleanup`, `docker rm -f kn-${name}-web >/dev/null`),
      ].join('\n\n')}\n`;
    const notes = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`d-${i + 1}`, docker(`d-${i + 1}`)]));
    const root = project(base, 'docker', notes);
    // --wait: on a shared engine this queues behind another run instead of failing.
    time(process.execPath, [CLI, '--root', root, '--update', '--wait=10m'], env);
    const sequential: number[] = [];
    const parallel: number[] = [];
    // A block that did not pass is timed all the same and listed, with the engine's error lines
    // of that run: under load the engine can lose a short-lived `docker run --rm`'s output
    // ("stream copy error: reading from a closed fifo"; bench/README.md).
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [times, extra, label] of [[sequential, [], 'sequential'], [parallel, ['--jobs', '2'], '--jobs 2']] as const) {
        const since = new Date().toISOString();
        const run = timed(process.execPath, [CLI, '--root', root, '--wait=10m', ...extra], env, [0, 1]);
        times.push(run.ms);
        failures.push(...run.failures.map((line) => `round ${round + 1}, ${label}: ${line}`));
        if (run.failures.length) failures.push(...streamCopyErrorsSince(since).map((line) => `  the engine logged: ${line}`));
      }
      process.stderr.write(`  round ${round + 1}: sequential ${s(sequential.at(-1) as number)}, --jobs 2 ${s(parallel.at(-1) as number)}\n`);
    }
    console.log(`3. 8 small Docker notes (4 blocks each, 32 blocks; median of ${ROUNDS})`);
    console.log(`  one after another   ${s(median(sequential))}`);
    console.log(`  --jobs 2            ${s(median(parallel))}   (${(median(sequential) / median(parallel)).toFixed(2)}× faster)`);
    console.log(`  blocks that did not pass: ${failures.length ? `\n    ${failures.join('\n    ')}` : 'none'}`);
  }

  // 4. The whole book in CI, from week-02's recording.
  const week02 = JSON.parse(readFileSync(fileURLToPath(new URL('../content/outputs/week-02.json', import.meta.url)), 'utf8')) as NoteRecording;
  const chapterMs = recordedDurationMs(week02) ?? 0;
  console.log(`4. the whole book in CI: ${CHAPTERS} chapters, each as long as week-02's recorded blocks (${s(chapterMs)}), + ${SHARD_SETUP_S} s per shard before its first block`);
  const chapters = Array.from({ length: CHAPTERS }, (_, i) => ({ note: `chapter-${String(i + 1).padStart(2, '0')}`, weight: chapterMs }));
  for (const count of [1, 4, 8]) {
    const loads = binsOf(chapters, count).map((bin) => bin.reduce((sum, w) => sum + w.weight, 0));
    const longest = Math.max(...loads);
    console.log(`  ${count} shard${count > 1 ? 's' : ' '}: blocks of the longest shard ${s(longest)}, wall ≈ ${s(longest + SHARD_SETUP_S * 1000)} (${(longest / 1000 / 60 + SHARD_SETUP_S / 60).toFixed(1)} min), runner time ≈ ${((loads.reduce((a, b) => a + b, 0) / 1000 + SHARD_SETUP_S * count) / 60).toFixed(1)} min`);
  }
} finally {
  rmSync(base, { recursive: true, force: true });
}
