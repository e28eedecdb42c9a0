import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../scripts/verify-notes.mjs', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A throw-away project root with its own notes (and extra frontmatter lines), for running the real CLI against. */
export async function fixtureProject(notes: Record<string, string>, frontmatter: Record<string, string> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'kn-fixture-'));
  await mkdir(join(root, 'content/notes'), { recursive: true });
  const write = (name: string, body: string) => writeFile(join(root, 'content/notes', `${name}.mdx`), `---\ntitle: t\n${frontmatter[name] ? `${frontmatter[name]}\n` : ''}---\n\n${body}\n`);
  for (const [name, body] of Object.entries(notes)) await write(name, body);
  return {
    root,
    write,
    recordingPath: (name: string) => join(root, 'content/outputs', `${name}.json`),
    async recording(name: string): Promise<string> {
      return readFile(join(root, 'content/outputs', `${name}.json`), 'utf8');
    },
    run(...args: string[]): Promise<CliRun> {
      return this.runWith({}, ...args);
    },
    /** Runs the CLI and sends it SIGINT after `afterMs`, as Ctrl-C would. */
    runInterrupted(afterMs: number | undefined, ...args: string[]): Promise<CliRun> {
      return this.runWith(afterMs === undefined ? {} : { signalAfterMs: afterMs }, ...args);
    },
    /** Runs the CLI with extra environment, a signal after some time, or a hook on its start. */
    runWith(options: { env?: NodeJS.ProcessEnv; signalAfterMs?: number; signal?: NodeJS.Signals; onStart?: (pid: number) => void }, ...args: string[]): Promise<CliRun> {
      const started = performance.now();
      const afterMs = options.signalAfterMs;
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, '--root', root, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GITHUB_ACTIONS: '', ...options.env } });
        if (child.pid !== undefined) options.onStart?.(child.pid);
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        if (afterMs !== undefined) setTimeout(() => child.kill(options.signal ?? 'SIGINT'), afterMs);
        child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
      });
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
