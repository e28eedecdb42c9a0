/**
 * Ctrl-C (or SIGTERM from CI) during a run: the running block's process group is killed, no
 * further block starts, cleanup blocks and the leftover checks still run, nothing is recorded.
 * A second signal exits at once.
 */
export const interruption = new AbortController();

export function handleInterrupts(log: (line: string) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`\n${signal}: stopping after cleanup (send it again to quit at once)`);
      interruption.abort(signal);
      process.once(signal, () => process.exit(130));
    });
  }
}
