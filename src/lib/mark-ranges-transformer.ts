import type { Element, ElementContent, Properties } from 'hast';
import type { ShikiTransformer } from 'shiki';

/** A stretch of the highlighted code to wrap in `<mark>`: offsets in the code as given to Shiki. */
export interface MarkRange {
  start: number;
  end: number;
  /** Attributes of the mark on the stretch's first line (attribute names as in HTML). */
  properties: Properties;
  /** Attributes of the marks on its further lines, if it runs over several; default: `properties`. */
  continued?: Properties;
}

/** ANSI colour sequences: Shiki's `ansi` language shows their colour and drops them from the text. */
const SGR = /\x1b\[[0-9;]*m/g;

/** A line's shown text and, for each of its characters, its offset in the line's source. */
function shownLine(source: string): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  let at = 0;
  for (const sequence of [...source.matchAll(SGR), { index: source.length, 0: '' }]) {
    for (let i = at; i < sequence.index; i++) offsets.push(i);
    text += source.slice(at, sequence.index);
    at = sequence.index + sequence[0].length;
  }
  return { text, offsets };
}

const textOf = (node: ElementContent): string => (node.type === 'text' ? node.value : node.type === 'element' ? node.children.map(textOf).join('') : '');

/**
 * Wraps stretches of a code block (sorted, not overlapping) in `<mark>` elements, line by line, splitting Shiki's
 * tokens where a stretch starts or ends inside one: the colours stay and the text is not
 * changed by a single character. For recorded output, whose spans come from the normalisers.
 */
export function markRanges(ranges: readonly MarkRange[]): ShikiTransformer {
  return {
    name: 'kubia-notes:mark-ranges',
    code(code) {
      if (ranges.length === 0) return;
      const source = this.source;
      const lines = code.children.filter((node): node is Element => node.type === 'element');
      const breaks = [...source.matchAll(/\r?\n/g)];
      // A stretch's first visible part carries `properties` (it may start on a line break, then that is on the next line).
      const begun = new Set<MarkRange>();
      let first = 0;
      let lineStart = 0;
      lines.forEach((line, index) => {
        const lineEnd = breaks[index]?.index ?? source.length;
        const { text, offsets } = shownLine(source.slice(lineStart, lineEnd));
        if (line.children.map(textOf).join('') !== text) throw new Error(`mark-ranges: line ${index + 1} is shown as other text than its source; cannot mark it`);
        // The stretches on this line, in shown-text offsets (none where only escapes or the line break are covered).
        const shownAt = (offset: number) => {
          // The first shown character at or after `offset` (offsets ascend: a binary search, for very long lines).
          let low = 0;
          let high = offsets.length;
          while (low < high) {
            const middle = (low + high) >> 1;
            if (lineStart + (offsets[middle] as number) < offset) low = middle + 1;
            else high = middle;
          }
          return low;
        };
        while (first < ranges.length && (ranges[first] as MarkRange).end <= lineStart) first++;
        const here: Array<{ start: number; end: number; properties: Properties }> = [];
        for (let i = first; i < ranges.length && (ranges[i] as MarkRange).start < lineEnd; i++) {
          const range = ranges[i] as MarkRange;
          const start = shownAt(range.start);
          const end = shownAt(range.end);
          if (start >= end) continue;
          here.push({ start, end, properties: begun.has(range) ? (range.continued ?? range.properties) : range.properties });
          begun.add(range);
        }
        if (here.length > 0) line.children = marked(line.children, here);
        lineStart = lineEnd + (breaks[index]?.[0].length ?? 0);
      });
    },
  };
}

/** A line's tokens with the stretches (sorted, not overlapping) wrapped in marks. */
function marked(tokens: readonly ElementContent[], stretches: ReadonlyArray<{ start: number; end: number; properties: Properties }>): ElementContent[] {
  const out: ElementContent[] = [];
  let mark: { element: Element; end: number } | undefined;
  let at = 0;
  let next = 0;
  for (const token of tokens) {
    const text = textOf(token);
    const tokenEnd = at + text.length;
    if (text === '') (mark && at < mark.end ? mark.element.children : out).push(token);
    let piece = at;
    while (piece < tokenEnd) {
      if (mark && piece >= mark.end) mark = undefined;
      const stretch = stretches[next];
      if (!mark && stretch && stretch.start <= piece) {
        mark = { element: { type: 'element', tagName: 'mark', properties: { ...stretch.properties }, children: [] }, end: stretch.end };
        out.push(mark.element);
        next++;
      }
      const cut = Math.min(tokenEnd, mark ? mark.end : (stretches[next]?.start ?? tokenEnd));
      const part = piece === at && cut === tokenEnd ? token : slice(token, piece - at, cut - at);
      (mark ? mark.element.children : out).push(part);
      piece = cut;
    }
    at = tokenEnd;
  }
  return out;
}

/** A part of a token: same element and attributes (its colour), part of its text. */
function slice(token: ElementContent, start: number, end: number): ElementContent {
  if (token.type === 'text') return { ...token, value: token.value.slice(start, end) };
  if (token.type !== 'element' || token.children.length !== 1 || token.children[0]?.type !== 'text') throw new Error('mark-ranges: a stretch starts or ends inside a token that is not plain text');
  return { ...token, children: [{ type: 'text', value: token.children[0].value.slice(start, end) }] };
}
