import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execBounded, type CommandOutput } from '../../scripts/lib/core/exec.ts';
import { serveDist } from '../../scripts/lib/cli/static-server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COPIED = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'content', 'public', 'scripts'];
const CLI = join(ROOT, 'scripts/verify-notes.mjs');
/** A build of the whole site takes well under a minute here; past this something hangs. */
const BUILD_TIMEOUT_MS = 170_000;

/** A throw-away copy of the project (node_modules linked), to build a site with planted changes. */
export async function siteCopy() {
  const root = await mkdtemp(join(tmpdir(), 'kn-site-'));
  for (const entry of COPIED) await cp(join(ROOT, entry), join(root, entry), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return {
    root,
    read: (path: string) => readFile(join(root, path), 'utf8'),
    write: (path: string, text: string) => writeFile(join(root, path), text),
    /** The real verify-notes CLI on the copy (`--root`), bounded: e.g. `--update --note week-90`. */
    verifyNotes: (args: readonly string[], timeoutMs = 120_000): Promise<CommandOutput> =>
      execBounded(process.execPath, [CLI, '--root', root, ...args], { timeoutMs, env: { ...process.env, GITHUB_ACTIONS: '' } }),
    /** `astro build` in the copy, killed past `timeoutMs`; resolves with its exit code and everything it printed. */
    build(options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number | null; output: string }> {
      return new Promise((resolve, reject) => {
        const astro = join(ROOT, 'node_modules/.bin/astro');
        const child = spawn(astro, ['build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...options.env } });
        let output = '';
        const timeoutMs = options.timeoutMs ?? BUILD_TIMEOUT_MS;
        const timer = setTimeout(() => {
          output += `\n(astro build killed after ${timeoutMs} ms)`;
          child.kill('SIGKILL');
        }, timeoutMs);
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, output });
        });
      });
    },
    /** The copy's dist/ served on 127.0.0.1 at a free port (built with the site at /). */
    async serve() {
      const server = await serveDist(join(root, 'dist'), 0);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      // A browser keeps its connections open: close them, or close() waits on them.
      const close = () => new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return { url, close };
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
