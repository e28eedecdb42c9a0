/**
 * Ctrl-C (or SIGTERM from CI) during a run: the running block's process group is killed, no
 * further block starts, cleanup blocks and the leftover checks still run, nothing is recorded.
 * A second signal exits at once.
 */
export const interruption = new AbortController();

/**
 * `npm run` passes the terminal's SIGINT on to the script, which the terminal has already
 * sent it: one key press arrives twice. A repeat this soon is the same press.
 */
const SAME_PRESS_MS = 1_000;

export function handleInterrupts(log: (line: string) => void): void {
  let first: number | undefined;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (first === undefined) {
        first = performance.now();
        log(`\n${signal}: stopping after cleanup (send it again to quit at once)`);
        interruption.abort(signal);
      } else if (performance.now() - first > SAME_PRESS_MS) process.exit(130);
    });
  }
}
