import type { Mask } from '../store/schema.ts';
import { rewritten, SpanMap, type SpanLabel, type TextEdit, type VolatileSpan } from './span-map.ts';

/**
 * One change a `rewrite` makes inside its match: [start, end) of the match becomes `text`.
 * `layout` marks a change of spacing only (cells re-aligned), which the page does not point at.
 */
export interface Rewrite {
  start: number;
  end: number;
  text: string;
  layout?: boolean;
  /** For a `numbered` normaliser: the value the change replaces; equal values share a number. */
  value?: string;
  /** What the page says about this change when it is not what the normaliser's description says. */
  description?: string;
}

/** What a `rewrite` may ask about the rest of the pass. */
export interface RewriteContext {
  /**
   * `text` as the normalisers after this one leave it, with numbered placeholders unnumbered
   * (⟨hash⟩, not ⟨hash-2⟩): a form of a row that does not depend on where the row stands.
   */
  later(text: string): string;
}

/** One named rule that replaces a value which changes from run to run. */
export interface Normalizer {
  name: string;
  /** What replaces the value on the page, e.g. ⟨container-id⟩. */
  placeholder: string;
  /** Korean, shown to readers on the marked value and under the output. */
  description: string;
  pattern: RegExp;
  /** Replacement; defaults to the placeholder. May use $1 etc. */
  replace?: string | ((match: string, ...groups: string[]) => string);
  /**
   * Instead of `replace`, for a rule that keeps most of its match (a table whose cells it
   * masks, a log it summarises): the changes it makes inside the match, sorted and not
   * overlapping, so that the page can mark each one where it is in the transcript.
   */
  rewrite?: (match: string, groups: string[], context: RewriteContext) => Rewrite[];
  /**
   * Number distinct values (⟨ip-1⟩, ⟨ip-2⟩ …) so that equal values stay visibly equal: two
   * names of one image share an ID, a pod's log names the caller's IP printed above.
   */
  numbered?: boolean;
  /** Changes spacing only (line ends): not listed under the output, not marked in it. */
  layout?: boolean;
}

/** The comparison form of a transcript and, from the same pass, what it replaced where. */
export interface Normalized {
  text: string;
  masks: Mask[];
  /** Every stretch of the transcript the comparison form replaces, in order, not overlapping. */
  spans: VolatileSpan[];
}

/**
 * The edit a replacement makes, narrowed to where it differs: `kubia-x7k2p` → `kubia-⟨hash-1⟩`
 * marks `x7k2p`, `127.0.0.1:8080->8080/tcp` → `⟨host⟩:8080->8080/tcp` marks `127.0.0.1`.
 */
function narrowed(offset: number, match: string, replaced: string, label: SpanLabel): TextEdit | undefined {
  if (match === replaced) return undefined;
  const shorter = Math.min(match.length, replaced.length);
  let head = 0;
  while (head < shorter && match[head] === replaced[head]) head++;
  let tail = 0;
  while (tail < shorter - head && match[match.length - 1 - tail] === replaced[replaced.length - 1 - tail]) tail++;
  return { start: offset + head, end: offset + match.length - tail, text: replaced.slice(head, replaced.length - tail), label };
}

/** The value's number in a numbered pass: the next one for a value not seen before. */
function numberOf(numbers: Map<string, number>, value: string): number {
  if (!numbers.has(value)) numbers.set(value, numbers.size + 1);
  return numbers.get(value) as number;
}

/** Numbered placeholders without their numbers. */
function unnumbered(text: string): string {
  return text.replace(/⟨([^⟩\n]+?)-\d+⟩/g, '⟨$1⟩');
}

/**
 * Applies the normalisers one after another, as `String.prototype.replace` does, and in the
 * same pass tells the offset map what each replaced: the comparison form and the spans the
 * page marks come from one walk, so they cannot disagree.
 */
export function applyNormalizers(text: string, normalizers: readonly Normalizer[]): Normalized {
  const masks: Mask[] = [];
  const map = new SpanMap(text);
  let result = text;
  for (const [index, normalizer] of normalizers.entries()) {
    let count = 0;
    const replacement = normalizer.replace ?? normalizer.placeholder;
    const numbers = new Map<string, number>();
    const label: SpanLabel = { name: normalizer.name, description: normalizer.description, ...(normalizer.layout ? { layout: true } : {}) };
    const edits: TextEdit[] = [];
    result = result.replace(normalizer.pattern, (match: string, ...rest: unknown[]) => {
      count++;
      // replace() hands over the groups, then the match's offset (then the string, and named groups if any).
      const offsetAt = rest.findIndex((arg) => typeof arg === 'number');
      const offset = rest[offsetAt] as number;
      const groups = rest.slice(0, offsetAt).map((g) => (typeof g === 'string' ? g : ''));
      if (normalizer.rewrite) {
        const changes = normalizer.rewrite(match, groups, { later: (part) => unnumbered(applyNormalizers(part, normalizers.slice(index + 1)).text) }).map((change) => {
          const own = { ...label, ...(change.description ? { description: change.description } : {}), ...(change.layout ? { layout: true } : {}) };
          if (!normalizer.numbered || change.value === undefined) return { ...change, label: own };
          const number = numberOf(numbers, change.value);
          return { ...change, text: change.text.replace(/⟨([^⟩]+)⟩/, `⟨$1-${number}⟩`), label: { ...own, number } };
        });
        // A match it leaves as it was (a table without the column it looks for) is not counted.
        if (!changes.some((change) => !change.layout && change.text !== match.slice(change.start, change.end))) count--;
        for (const change of changes) {
          const edit = narrowed(offset + change.start, match.slice(change.start, change.end), change.text, change.label);
          if (edit) edits.push(edit);
        }
        return rewritten(match, changes);
      }
      let replaced = typeof replacement === 'function' ? replacement(match, ...groups) : replacement.replace(/\$(\d)/g, (_, n: string) => groups[Number(n) - 1] ?? '');
      let numbered = label;
      if (normalizer.numbered) {
        const number = numberOf(numbers, match);
        replaced = replaced.replace(/⟨([^⟩]+)⟩/, `⟨$1-${number}⟩`);
        numbered = { ...label, number };
      }
      const edit = narrowed(offset, match, replaced, numbered);
      if (edit) edits.push(edit);
      return replaced;
    });
    map.apply(edits);
    const placeholder = normalizer.numbered ? normalizer.placeholder.replace(/⟨([^⟩]+)⟩/, '⟨$1-n⟩') : normalizer.placeholder;
    if (count > 0 && !normalizer.layout) masks.push({ name: normalizer.name, placeholder, description: normalizer.description, count });
  }
  // The map is built from the same edits that made `result`; if they ever parted, the page would mark the wrong text.
  if (map.text !== result) throw new Error('internal error: the normalisers’ spans do not add up to the comparison form');
  return { text: result, masks, spans: map.spans };
}
