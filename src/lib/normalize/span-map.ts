/** Who replaced a stretch of the transcript, as the page names it. */
export interface SpanLabel {
  /** The normaliser's name (`short-id`, `kubectl-age` …). */
  name: string;
  /** Korean, the normaliser's description. */
  description: string;
  /** A numbered normaliser's number: equal values share it (⟨id-1⟩ … ⟨id-1⟩). */
  number?: number;
  /** Only spacing changed (line ends, a kubectl table re-aligned): no value to point a reader at. */
  layout?: boolean;
}

/** One stretch of the transcript that the comparison form replaces. */
export interface VolatileSpan extends SpanLabel {
  /** Offsets in the transcript, as `String.prototype.slice` counts them. */
  start: number;
  end: number;
  /** What the comparison form has in its place ('' where it leaves the stretch out). */
  replacement: string;
}

/** One change to the text as the normalisers before left it: [start, end) becomes `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  label: SpanLabel;
}

/**
 * A stretch of the text as it stands now and the stretch of the original it stands for.
 * Without a label it is the original itself (same length, offset for offset); with one it is
 * what a normaliser made of `original[from, to)`.
 */
interface Chunk {
  from: number;
  to: number;
  text: string;
  label?: SpanLabel;
}

/**
 * Does an edit take in an earlier edit's output that starts at `at` in the current text? An
 * empty output (a stretch left out) only when it lies strictly inside the edit, and an edit
 * that only inserts only when it falls strictly inside the output: at a boundary they stay
 * side by side.
 */
function overlaps(chunk: Chunk, at: number, { start, end }: TextEdit): boolean {
  const chunkEnd = at + chunk.text.length;
  if (chunk.text === '') return start < at && at < end;
  if (start === end) return at < start && start < chunkEnd;
  return at < end && chunkEnd > start;
}

/** `text` with the edits (offsets in `text`, sorted, not overlapping) made. */
export function rewritten(text: string, edits: ReadonlyArray<Pick<TextEdit, 'start' | 'end' | 'text'>>): string {
  let result = '';
  let at = 0;
  for (const edit of edits) {
    result += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + text.slice(at);
}

/** Does the chunk at `at` lie wholly before `offset` (an empty one: at it or before)? */
function endsBefore(chunk: Chunk, at: number, offset: number): boolean {
  return chunk.text === '' ? at <= offset : at + chunk.text.length <= offset;
}

/**
 * A pass's edits grouped by the earlier outputs they touch: each group becomes one changed
 * stretch, from the first to the last text it covers. Edits apart from each other and from
 * earlier outputs each make their own group.
 */
function clusters(edits: readonly TextEdit[], chunks: readonly Chunk[], starts: readonly number[]) {
  const groups: Array<{ start: number; end: number; edits: TextEdit[] }> = [];
  let first = 0;
  for (const edit of edits) {
    let start = edit.start;
    let end = edit.end;
    while (first < chunks.length && endsBefore(chunks[first] as Chunk, starts[first] as number, edit.start)) first++;
    for (let i = first; i < chunks.length && (starts[i] as number) <= edit.end; i++) {
      const chunk = chunks[i] as Chunk;
      const at = starts[i] as number;
      if (chunk.label === undefined || !overlaps(chunk, at, edit)) continue;
      start = Math.min(start, at);
      end = Math.max(end, at + chunk.text.length);
    }
    const last = groups.at(-1);
    if (last && start < last.end) {
      last.end = Math.max(last.end, end);
      last.edits.push(edit);
    } else {
      groups.push({ start, end, edits: [edit] });
    }
  }
  return groups;
}

/**
 * The offset map between a transcript and what the normalisers have made of it so far.
 * Normalisers apply one after another, each to the text the ones before left; `apply` takes a
 * pass's edits on that text and keeps, for every changed stretch, where in the original it
 * was. An edit inside text that is still original maps offset for offset; an edit that
 * touches an earlier one's output takes that edit in (its stretch of the original, its label),
 * so changed stretches never overlap and replacing each by its text gives the current text.
 */
export class SpanMap {
  #chunks: Chunk[];

  constructor(original: string) {
    this.#chunks = original === '' ? [] : [{ from: 0, to: original.length, text: original }];
  }

  /** One normaliser's pass: edits on the current text, sorted and not overlapping. */
  apply(edits: readonly TextEdit[]): void {
    if (edits.length === 0) return;
    const chunks = this.#chunks;
    const starts: number[] = [];
    let offset = 0;
    for (const chunk of chunks) {
      starts.push(offset);
      offset += chunk.text.length;
    }
    const out: Chunk[] = [];
    let next = 0;
    // The chunk at the head of what is left (possibly the rest of a split one) and where it starts in the current text.
    let head: Chunk | undefined = chunks[0];
    let at = 0;
    const advance = () => {
      next++;
      head = chunks[next];
      at = starts[next] ?? offset;
    };
    for (const group of clusters(edits, chunks, starts)) {
      // Before the group: as it was (original text split where the group starts).
      while (head && endsBefore(head, at, group.start)) {
        out.push(head);
        advance();
      }
      if (head && head.label === undefined && at < group.start) {
        const k = group.start - at;
        out.push({ from: head.from, to: head.from + k, text: head.text.slice(0, k) });
        head = { from: head.from + k, to: head.to, text: head.text.slice(k) };
        at = group.start;
      }
      // The group: original text up to where it ends, and the earlier outputs its edits touched.
      const from = out.at(-1)?.to ?? 0;
      let to = from;
      let before = '';
      const earlier: SpanLabel[] = [];
      while (head && (head.text === '' ? group.start < at && at < group.end : at < group.end)) {
        let taken = head;
        if (head.label === undefined && at + head.text.length > group.end) {
          const k = group.end - at;
          taken = { from: head.from, to: head.from + k, text: head.text.slice(0, k) };
          head = { from: head.from + k, to: head.to, text: head.text.slice(k) };
          at = group.end;
        } else {
          advance();
        }
        before += taken.text;
        to = taken.to;
        if (taken.label) earlier.push(taken.label);
      }
      const text = rewritten(before, group.edits.map((e) => ({ ...e, start: e.start - group.start, end: e.end - group.start })));
      if (from === to && text === '') continue;
      // Where an edit rewrote an earlier one's output, the earlier label stays: it says what the stretch was.
      const labels = [...earlier, ...group.edits.map((e) => e.label)];
      out.push({ from, to, text, label: labels.find((l) => !l.layout) ?? (labels[0] as SpanLabel) });
    }
    while (head) {
      out.push(head);
      advance();
    }
    this.#chunks = out;
  }

  /** The text as the passes so far left it. */
  get text(): string {
    return this.#chunks.map((c) => c.text).join('');
  }

  /** Every changed stretch, in order, with offsets in the original. */
  get spans(): VolatileSpan[] {
    return this.#chunks.flatMap((c) => (c.label ? [{ start: c.from, end: c.to, replacement: c.text, ...c.label }] : []));
  }
}
