import { ko } from '../i18n/ko.ts';
import type { MarkRange } from './mark-ranges-transformer.ts';
import { normalizeTranscript } from './normalize/index.ts';

/** Placeholders already in a transcript: the secret masker put them there before it was recorded. */
const MASKED = /⟨[^⟩\n]+⟩/g;

/**
 * What the output panel marks in a recorded transcript: every stretch a normaliser replaces
 * for the comparison (from the same pass that makes the comparison form), named by the
 * normaliser's description and, for numbered ones, by the number equal values share; and the
 * secret masks as they were recorded. Spacing-only changes and left-out line breaks have
 * nothing to underline.
 */
export function volatileMarks(transcript: string, normalize: readonly string[]): MarkRange[] {
  const { spans } = normalizeTranscript(transcript, normalize);
  const shown = spans.filter((span) => !span.layout && /[^\r\n]/.test(transcript.slice(span.start, span.end)));
  const marks: MarkRange[] = shown.map((span, index) => {
    const named = { class: 'volatile', 'data-volatile': span.name, 'data-span': index, 'aria-description': ko.output.volatile(span.replacement, span.description) };
    // The first part is the one to reach by keyboard and to carry the number; a span over several lines continues in plain marks.
    return { start: span.start, end: span.end, properties: { ...named, tabindex: 0, ...(span.number === undefined ? {} : { 'data-n': span.number }) }, continued: named };
  });
  const masked = [...transcript.matchAll(MASKED)]
    .map((m) => ({ start: m.index, end: m.index + m[0].length, properties: { class: 'placeholder' } }))
    .filter((mask) => !shown.some((span) => span.start < mask.end && mask.start < span.end));
  return [...marks, ...masked].sort((a, b) => a.start - b.start);
}
