import { createRequire } from 'node:module';

// `diff` is loaded on first use: most runs show no diff, and importing it costs more than
// running a block. require() because the callers are synchronous.
const require = createRequire(import.meta.url);

/**
 * Output as verify compares it: column padding is ignored (a longer value elsewhere in a
 * table re-pads every row), everything else must match.
 */
export function comparable(text: string): string {
  return text.replace(/ {2,}/g, '  ').replace(/\n+$/, '');
}

export function outputsMatch(recorded: string, actual: string): boolean {
  return comparable(recorded) === comparable(actual);
}

/** A unified diff of recorded versus actual output, labelled with the block's place. */
export function outputDiff(recorded: string, actual: string, label: string): string {
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  return createTwoFilesPatch(`${label} (recorded)`, `${label} (now)`, `${recorded.replace(/\n?$/, '\n')}`, `${actual.replace(/\n?$/, '\n')}`, '', '', { context: 3 })
    .split('\n')
    .slice(1)
    .join('\n')
    .trimEnd();
}
