import { diffArrays } from 'diff';

/**
 * What the "비교에 쓰는 형태 보기" panel shows of a comparison form: the lines a normaliser
 * changed (with a line of context), and for every longer run of lines that are the same as in
 * the transcript just above it, where they are there. A bounded 5 MB output is shown once,
 * not twice; the panel plus the transcript still give back the whole comparison form.
 */
export type ComparisonPart =
  | { kind: 'shown'; text: string }
  /** `count` lines equal to the transcript's lines `from` (1-based) onwards. */
  | { kind: 'same'; from: number; count: number };

const CONTEXT = 1;
// A shorter run of equal lines is simply shown: a note saying where it is would be as long.
const MIN_RUN = 4;
// Beyond this many changed lines the alignment is not worth its cost: the form is shown whole.
const MAX_EDITS = 5_000;

const linesOf = (text: string) => text.replace(/\n$/, '').split('\n');

export function comparisonView(transcript: string, normalized: string): ComparisonPart[] {
  const whole: ComparisonPart[] = [{ kind: 'shown', text: normalized.replace(/\n$/, '') }];
  if (normalized === '') return whole;
  const changes = diffArrays(linesOf(transcript), linesOf(normalized), { maxEditLength: MAX_EDITS });
  if (!changes) return whole;
  const parts: ComparisonPart[] = [];
  let shown: string[] = [];
  const flush = () => {
    if (shown.length) parts.push({ kind: 'shown', text: shown.join('\n') });
    shown = [];
  };
  let line = 1; // the transcript's line the next change starts at
  changes.forEach((change, index) => {
    if (change.removed) {
      line += change.value.length;
      return;
    }
    if (change.added) {
      shown.push(...change.value);
      return;
    }
    const head = index > 0 ? CONTEXT : 0;
    const tail = index < changes.length - 1 ? CONTEXT : 0;
    const count = change.value.length - head - tail;
    if (count < MIN_RUN) shown.push(...change.value);
    else {
      shown.push(...change.value.slice(0, head));
      flush();
      parts.push({ kind: 'same', from: line + head, count });
      shown.push(...change.value.slice(head + count));
    }
    line += change.value.length;
  });
  flush();
  return parts;
}

/** The comparison form again, from the parts and the transcript (what the page test checks). */
export function comparisonFromView(parts: readonly ComparisonPart[], transcript: string): string {
  const lines = linesOf(transcript);
  return parts.map((part) => (part.kind === 'shown' ? part.text : lines.slice(part.from - 1, part.from - 1 + part.count).join('\n'))).join('\n');
}
