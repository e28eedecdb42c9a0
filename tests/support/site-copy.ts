import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COPIED = ['astro.config.mjs', 'package.json', 'tsconfig.json', 'src', 'content', 'public', 'scripts'];

/** A throw-away copy of the project (node_modules linked), to build a site with planted changes. */
export async function siteCopy() {
  const root = await mkdtemp(join(tmpdir(), 'kn-site-'));
  for (const entry of COPIED) await cp(join(ROOT, entry), join(root, entry), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  return {
    root,
    read: (path: string) => readFile(join(root, path), 'utf8'),
    write: (path: string, text: string) => writeFile(join(root, path), text),
    /** `astro build` in the copy; resolves with its exit code and everything it printed. */
    build(): Promise<{ code: number | null; output: string }> {
      return new Promise((resolve, reject) => {
        const astro = join(ROOT, 'node_modules/.bin/astro');
        const child = spawn(astro, ['build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
        let output = '';
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, output }));
      });
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
