import { constants } from 'node:os';

const SIGNAL_NAMES = new Map<number, string>(Object.entries(constants.signals).map(([name, number]) => [number, name]));

/** The OS's number of a signal (`SIGTERM` → 15), from its own table. */
export function signalNumber(signal: NodeJS.Signals): number | undefined {
  return (constants.signals as Record<string, number>)[signal];
}

/**
 * An exit code as a user reads it: `137 (SIGKILL)`, `143 (SIGTERM)`, `3`. Shells report a
 * process ended by signal N as 128 + N; the name comes from the OS's signal table.
 */
export function describeExitCode(code: number): string {
  const signal = code > 128 ? SIGNAL_NAMES.get(code - 128) : undefined;
  return signal ? `${code} (${signal})` : String(code);
}
