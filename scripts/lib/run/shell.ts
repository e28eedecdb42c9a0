import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BoundedOutput } from './bounded-output.ts';
import { signalNumber } from '../core/exit-code.ts';
import { trace } from '../core/trace.ts';

export interface ShellResult {
  exitCode: number;
  /** stdout and stderr interleaved, as a terminal shows them. */
  output: string;
  durationMs: number;
  timedOut: boolean;
  /** Bytes of output left out to stay within `maxOutputBytes` (0: all kept). */
  omittedBytes: number;
}

export interface ShellOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Where the script file is written (the session's private dir, not the work dir). */
  scriptDir: string;
  name: string;
  /** Aborting kills the block's process group (an interrupted run). */
  signal?: AbortSignal;
  /** Output beyond this is left out (head and tail kept). */
  maxOutputBytes?: number;
  /** Shell code run before the block's own (functions a capability gives its blocks). */
  prelude?: string;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024;

// How a block's failures end it (set -e and pipefail, with the reader's SIGPIPE), and stderr
// joined to stdout in one pipe so the transcript keeps the order a terminal shows.
const PRELUDE = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'block-prelude.bash'), 'utf8');
const KILL_GRACE_MS = 2_000;
/** How the block's text is run; block-prelude.bash knows this exact command. */
const BLOCK_COMMAND = 'eval "$(< "$__kn_block_file")"';

/** The block's code and, apart, what runs before it: the block's own lines are numbered from 1. */
async function writeScript(code: string, options: ShellOptions): Promise<{ prelude: string; block: string }> {
  const prelude = join(options.scriptDir, `${options.name}.prelude.sh`);
  const block = join(options.scriptDir, `${options.name}.sh`);
  await Promise.all([writeFile(prelude, `${PRELUDE}${options.prelude ?? ''}\n`, { mode: 0o600 }), writeFile(block, `${code}\n`, { mode: 0o600 })]);
  return { prelude, block };
}

const quoted = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;

/**
 * The block runs as the reader's terminal runs what they type: its text is `eval`ed by
 * `bash -c` with $0 = bash, so an error reads `bash: line 2: export: …` (the block's own line 2),
 * not `<the runner's temp path>: line 38: …`. The text is read from the file, not passed as
 * an argument, so a block of any size runs.
 */
function spawnGroup(script: { prelude: string; block: string }, options: ShellOptions): ChildProcess {
  // The block's eval is named by BLOCK_COMMAND, so the prelude's ERR trap can tell it from the
  // block's own commands (its status is the block's last command's, judged already).
  const command = `eval "$(< ${quoted(script.prelude)})"; __kn_block_file=${quoted(script.block)}; ${BLOCK_COMMAND}`;
  // detached: the block gets its own process group, so a timeout kills everything it started.
  return spawn('bash', ['-c', command, 'bash'], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
}

/** Sends TERM to the whole process group, then KILL after a grace period. */
export async function killGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // The group is already gone.
    }
  };
  signal('SIGTERM');
  const grace = new Promise<'grace'>((resolve) => setTimeout(() => resolve('grace'), KILL_GRACE_MS).unref());
  if ((await Promise.race([exited.then(() => 'exited' as const), grace])) === 'grace') {
    signal('SIGKILL');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, KILL_GRACE_MS).unref())]);
  }
}

/** Runs a block's code with bash, stdin closed, and kills its process group at the timeout. */
export async function runScript(code: string, options: ShellOptions): Promise<ShellResult> {
  const script = await writeScript(code, options);
  trace(`  ${options.name}: script written`);
  const started = performance.now();
  const child = spawnGroup(script, options);
  const output = new BoundedOutput(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES);
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void killGroup(child);
  }, options.timeoutMs);
  const onAbort = () => void killGroup(child);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // 'exit', not 'close': a child left in the background (`sleep 600 &`) keeps the pipes open.
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + (signalNumber(signal) ?? 0) : 1)));
  });
  trace(`  ${options.name}: exited`);
  clearTimeout(timer);
  options.signal?.removeEventListener('abort', onAbort);
  // What the block left in its group goes with it, even though the leader has exited.
  killLeftovers(child);
  await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, KILL_GRACE_MS).unref())]);
  trace(`  ${options.name}: output drained`);
  return { exitCode, output: output.text(), omittedBytes: output.omittedBytes, durationMs: performance.now() - started, timedOut };
}

function killLeftovers(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // No process is left in the group.
  }
}

export interface BackgroundProcess {
  child: ChildProcess;
  /** Output until now. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a long-running block (e.g. `kubectl port-forward`) and resolves once its output
 * matches `ready`; rejects with the output so far if it exits or the time runs out first.
 */
export async function startBackground(code: string, ready: RegExp | undefined, options: ShellOptions): Promise<{ process: BackgroundProcess; readyOutput: string; durationMs: number }> {
  const script = await writeScript(code, options);
  const started = performance.now();
  const child = spawnGroup(script, options);
  let output = '';
  const handle: BackgroundProcess = { child, output: () => output, stop: () => killGroup(child) };
  let settled = false;
  const readyOutput = await new Promise<string>((resolve, reject) => {
    const check = (chunk: string) => {
      // Until it is ready: what it prints afterwards (a port-forward's log) is not kept.
      if (settled) return;
      output += chunk;
      if (output.length > (options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES)) output = output.slice(-(options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES));
      const match = ready?.exec(output);
      if (ready && !match) return;
      settled = true;
      // Up to the end of the ready line: whether the next line came in the same write is the
      // scheduler's choice (a port-forward's IPv6 line), and must not reach the recording.
      const end = match ? output.indexOf('\n', match.index + match[0].length) : -1;
      resolve(end < 0 ? output : output.slice(0, end + 1));
    };
    child.stdout?.setEncoding('utf8').on('data', check);
    child.stderr?.setEncoding('utf8').on('data', check);
    if (!ready) resolve('');
    const timer = setTimeout(() => reject(new BackgroundNotReady(output, `no line matched ${ready} within ${options.timeoutMs} ms`)), options.timeoutMs);
    timer.unref();
    child.once('exit', (code) => reject(new BackgroundNotReady(output, `exited with code ${code} before it was ready`)));
    // Ctrl-C while waiting for the ready line stops the wait at once, not at its timeout.
    if (options.signal?.aborted) reject(new BackgroundNotReady(output, 'the run was interrupted'));
    options.signal?.addEventListener('abort', () => reject(new BackgroundNotReady(output, 'the run was interrupted')), { once: true });
  }).catch(async (error: unknown) => {
    await killGroup(child);
    throw error;
  });
  return { process: handle, readyOutput, durationMs: performance.now() - started };
}

export class BackgroundNotReady extends Error {
  readonly output: string;
  constructor(output: string, reason: string) {
    super(reason);
    this.name = 'BackgroundNotReady';
    this.output = output;
  }
}
