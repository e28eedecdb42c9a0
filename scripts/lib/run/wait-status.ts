// What a running block waits for, said while it waits: a `retry= until=` block between its
// attempts, a `timeout=` block following a Job's log, a background block waiting for its
// ready line. Only a view on stderr: it never reaches a recording or a file report, and it
// ends with the block (its result, Ctrl-C, an error), so the block's own limits bound it.
import { blockLocation, type Block } from '../../../src/lib/blocks/block.ts';
import { BACKGROUND_READY_TIMEOUT_MS, DEFAULT_TIMEOUT_MS } from '../core/timeouts.ts';

/** A wait shorter than this says nothing: fast notes stay quiet. */
export const QUIET_MS = 2_000;
/** Without a terminal (CI, a pipe) a wait says it is alive at most this often, a whole line each time. */
export const PLAIN_EVERY_MS = 30_000;
const TICK_MS = 1_000;

/** The clock and timer a status runs on; tests give a fake one. */
export interface WaitClock {
  now(): number;
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

const realClock: WaitClock = {
  now: () => performance.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref(); // a view never keeps the runner alive
    return () => clearInterval(timer);
  },
};

/** The stream the status is drawn on (stderr); `isTTY` and `columns` as a terminal's WriteStream has them. */
export interface StatusStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** One block's wait: told of each new attempt, ended when the block ends. */
export interface BlockWait {
  attempt(n: number): void;
  end(): void;
}

export interface WaitStatus {
  begin(block: Block): BlockWait;
  /** Writes whole lines to the stream, the status line cleared first so the two never mix. */
  write(text: string): void;
  /** Stops every wait's view and clears the line (the process is leaving). */
  close(): void;
}

/** What a block waits for and the limit the block itself sets, from its meta. */
export function describeWait(block: Block): { what: string; limit: string; retries: boolean } {
  const { meta } = block;
  const limit = (name: string, ms: number) => `${name}=${duration(ms)}`;
  const written = (pattern: RegExp) => `/${pattern.source}/`; // as the author wrote it, without the parser's m flag
  if (meta.background) return { what: meta.ready ? `ready=${written(meta.ready)}` : 'its start', limit: limit('timeout', meta.timeoutMs ?? BACKGROUND_READY_TIMEOUT_MS), retries: false };
  if (meta.retryMs !== undefined) return { what: meta.until ? `until=${written(meta.until)}` : 'until it succeeds', limit: limit('retry', meta.retryMs), retries: true };
  const command = block.code.trim().split('\n')[0] ?? '';
  return { what: command.length > 60 ? `${command.slice(0, 59)}…` : command, limit: limit('timeout', meta.timeoutMs ?? DEFAULT_TIMEOUT_MS), retries: false };
}

/** 70 000 ms → `1m10s`; whole seconds, as a person reads a wait. */
export function duration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
  if (h) return `${h}h${m ? `${m}m` : ''}`;
  if (m) return `${m}m${s ? `${s}s` : ''}`;
  return `${s}s`;
}

interface ActiveWait {
  block: Block;
  started: number;
  attempt: number;
  printedAt?: number;
  description: ReturnType<typeof describeWait>;
}

function statusLine(wait: ActiveWait, now: number): string {
  const { what, limit, retries } = wait.description;
  return `⏳ ${blockLocation(wait.block)} ${wait.block.key}: ${what}${retries ? `, attempt ${wait.attempt}` : ''} · ${duration(now - wait.started)} of ${limit}`;
}

/** Columns a character takes on a terminal: East Asian wide letters (Hangul…) and emoji take two. */
function columnsOf(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  const wide = (code >= 0x1100 && code <= 0x115f) || code === 0x23f3 || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x1f300 && code <= 0x1faff);
  return wide ? 2 : 1;
}

/** A line cut to the terminal's width: a line that wraps could not be rewritten in place. */
function fitted(line: string, columns: number | undefined): string {
  if (!columns) return line;
  let width = 0;
  let out = '';
  for (const char of line) {
    width += columnsOf(char);
    if (width > columns - 2) return `${out}…`;
    out += char;
  }
  return out;
}

/**
 * On a terminal (and not in CI): one line, rewritten in place every second, for the wait that
 * began first (`+N more` with --jobs), cleared before anything else is written. Elsewhere: a
 * plain line per wait at most every PLAIN_EVERY_MS. A wait under QUIET_MS shows nothing.
 */
export function waitStatus(stream: StatusStream, { clock = realClock, env = process.env }: { clock?: WaitClock; env?: NodeJS.ProcessEnv } = {}): WaitStatus {
  const tty = Boolean(stream.isTTY) && !env.CI;
  const waits = new Set<ActiveWait>(); // in the order they began
  let shown = false;
  let stopTicking: (() => void) | undefined;
  const clear = () => {
    if (shown) stream.write('\r\x1b[2K');
    shown = false;
  };
  const tick = () => {
    const now = clock.now();
    const due = [...waits].filter((wait) => now - wait.started >= QUIET_MS);
    if (tty) {
      const [first] = due;
      if (!first) return;
      stream.write(`\r\x1b[2K${fitted(`${statusLine(first, now)}${due.length > 1 ? ` (+${due.length - 1} more)` : ''}`, stream.columns)}`);
      shown = true;
      return;
    }
    for (const wait of due.filter((w) => w.printedAt === undefined || now - w.printedAt >= PLAIN_EVERY_MS)) {
      stream.write(`${statusLine(wait, now)}\n`);
      wait.printedAt = now;
    }
  };
  const stop = () => {
    stopTicking?.();
    stopTicking = undefined;
  };
  return {
    begin(block) {
      const wait: ActiveWait = { block, started: clock.now(), attempt: 1, description: describeWait(block) };
      waits.add(wait);
      stopTicking ??= clock.every(TICK_MS, tick);
      return {
        attempt: (n) => void (wait.attempt = n),
        end() {
          if (!waits.delete(wait)) return;
          if (!waits.size) stop();
          clear(); // another wait (--jobs) is drawn again on the next tick
        },
      };
    },
    write(text) {
      clear();
      stream.write(text);
    },
    close() {
      waits.clear();
      stop();
      clear();
    },
  };
}
