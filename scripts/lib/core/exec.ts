import { execFile } from 'node:child_process';

// The runner's own commands (docker, kubectl, kind): run without a shell, so a timeout kills
// the command itself, and without zx, whose loading alone costs a run ~60 ms.

export interface CommandOutput {
  /** null when the command could not be started or was killed. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `file args…` and never throws: a failure is in the exit code and stderr. */
export type Command = (file: string, args: readonly string[]) => Promise<CommandOutput>;

const MAX_BUFFER = 64 * 1024 * 1024;

/** `signal`: aborting it kills the command at once (a wait that another failure made pointless). */
export function execBounded(file: string, args: readonly string[], options: { timeoutMs: number; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<CommandOutput> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: options.timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8', maxBuffer: MAX_BUFFER, ...(options.env ? { env: options.env } : {}), ...(options.signal ? { signal: options.signal } : {}) }, (error, stdout, stderr) => {
      const failure = error as (NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: number | string }) | null;
      const exitCode = failure ? (typeof failure.code === 'number' ? failure.code : null) : 0;
      resolve({ exitCode, timedOut: Boolean(failure?.killed) && failure?.signal === 'SIGKILL', stdout, stderr: stderr || (failure && exitCode === null ? failure.message : '') });
    });
  });
}

/** A Command bounded by `timeoutMs`, with the given environment (default: the runner's). */
export function commandWith(options: { timeoutMs: number; env?: NodeJS.ProcessEnv }): Command {
  return (file, args) => execBounded(file, args, options);
}

/** The non-empty trimmed lines of a command's stdout; none when it failed. */
export async function outputLines(output: Promise<CommandOutput>): Promise<string[]> {
  const { stdout, exitCode } = await output;
  return exitCode === 0 ? stdout.split('\n').map((line) => line.trim()).filter(Boolean) : [];
}
