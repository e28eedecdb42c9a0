/**
 * KUBIA_NOTES_TRACE=1: a timeline of the run loop on stderr (ms since the process started),
 * to find where a run waits rather than works (bench/docker-half.ts). Off: one boolean test.
 */
const TRACING = process.env.KUBIA_NOTES_TRACE === '1';

export function trace(what: string): void {
  if (TRACING) process.stderr.write(`[trace ${performance.now().toFixed(1).padStart(8)} ms] ${what}\n`);
}
