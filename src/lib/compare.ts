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

/** A unified diff of recorded versus actual output, labelled with the block's place (and which is which). */
export function outputDiff(recorded: string, actual: string, label: string, sides: readonly [string, string] = ['recorded', 'now']): string {
  const { createTwoFilesPatch } = require('diff') as typeof import('diff');
  return createTwoFilesPatch(`${label} (${sides[0]})`, `${label} (${sides[1]})`, `${recorded.replace(/\n?$/, '\n')}`, `${actual.replace(/\n?$/, '\n')}`, '', '', { context: 3 })
    .split('\n')
    .slice(1)
    .join('\n')
    .trimEnd();
}

/**
 * The words that differ between two outputs, as "old → new" (at most `limit`): what an
 * author must mask or settle when two runs of a note print different things.
 */
export function changedWords(before: string, after: string, limit = 3): string[] {
  const { diffWords } = require('diff') as typeof import('diff');
  const changes: string[] = [];
  const parts = diffWords(comparable(before), comparable(after));
  const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}…` : text);
  // Only what a reader would call a value: a change of spacing alone says nothing.
  const changed = parts.filter((p) => !(p.added || p.removed) || p.value.trim() !== '').map((p) => ({ ...p, value: p.value.trim() }));
  for (let i = 0; i < changed.length && changes.length < limit; i++) {
    const part = changed[i]!;
    const next = changed[i + 1];
    // A replaced word comes as a removal and an addition, in either order.
    const pair = next && ((part.removed && next.added) || (part.added && next.removed));
    if (pair) {
      const [gone, made] = part.removed ? [part, next] : [next, part];
      changes.push(`${shown(gone.value)} → ${shown(made.value)}`);
      i++;
    } else if (part.removed) changes.push(`${shown(part.value)} → (gone)`);
    else if (part.added) changes.push(`(new) ${shown(part.value)}`);
  }
  return changes;
}
