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
