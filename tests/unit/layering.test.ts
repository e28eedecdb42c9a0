import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// The runner's folder order (.dependency-cruiser.cjs), checked by a real dependency-cruiser run
// on a copy of src/ and scripts/ where a test plants the import the rules exist to refuse.
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DEPCRUISE = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');

function copyOfRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'kubia-layering-'));
  for (const path of ['src', 'scripts', '.dependency-cruiser.cjs', 'tsconfig.json']) cpSync(join(REPO, path), join(root, path), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  return root;
}

function cruise(root: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src', 'scripts', '--config', '.dependency-cruiser.cjs'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the runner's layering, checked by dependency-cruiser", () => {
  const roots: string[] = [];
  /** A copy of the repo with each `[file, line]` appended, cruised. */
  const planted = (...plants: Array<[file: string, line: string]>) => {
    const root = copyOfRepo();
    roots.push(root);
    for (const [file, line] of plants) appendFileSync(join(root, file), `\n${line}\n`);
    return cruise(root);
  };
  after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

  it('passes on the tree as it is', () => {
    const { status, output } = cruise(REPO);
    assert.equal(status, 0, output);
  });

  it('refuses a judge/ module that imports run/ (up the flow), naming the rule and the import', () => {
    const { status, output } = planted(['scripts/lib/judge/verdict.ts', "import type { SessionPlan } from '../run/session.ts';"]);
    assert.notEqual(status, 0, output);
    assert.match(output, /judge-imports-no-later-layer: scripts\/lib\/judge\/verdict\.ts → scripts\/lib\/run\/session\.ts/);
  });

  it('refuses a cycle inside one folder', () => {
    const { status, output } = planted(['scripts/lib/core/timeouts.ts', "import './exit-code.ts';"], ['scripts/lib/core/exit-code.ts', "import './timeouts.ts';"]);
    assert.notEqual(status, 0, output);
    assert.match(output, /no-circular: scripts\/lib\/core\/(timeouts|exit-code)\.ts → /);
  });

  it('refuses src/ importing scripts/', () => {
    const { status, output } = planted(['src/lib/compare.ts', "import '../../scripts/lib/core/exit-code.ts';"]);
    assert.notEqual(status, 0, output);
    assert.match(output, /src-never-imports-scripts: src\/lib\/compare\.ts → scripts\/lib\/core\/exit-code\.ts/);
  });
});
