// How long a block may run, wait between attempts, or take to get ready: read by the run loop,
// the verdicts (a timeout's message) and the wait status alike, so they live below all of them.
export const DEFAULT_TIMEOUT_MS = 120_000;
export const RETRY_INTERVAL_MS = 1_000;
/** How long a `background` block may take to print its ready line, unless `timeout=` says. */
export const BACKGROUND_READY_TIMEOUT_MS = 30_000;
