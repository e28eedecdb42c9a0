import { execFileSync } from 'node:child_process';

/** Does a Docker engine answer here? Integration tests skip (or, in CI, fail) without one. */
export const dockerUp = (() => {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
})();

/**
 * A describe's `skip` for a missing tool: on a contributor's machine the suite is skipped with
 * the reason; under CI (CI=true, as .ci/run and GitHub set it) it runs and fails, so that a
 * missing install step is never a silent green.
 */
export const skipUnlessCI = (missing: string | false): string | false => (process.env.CI ? false : missing);
