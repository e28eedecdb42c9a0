/**
 * A block's output as a terminal shows it, kept within a bound: the head and the tail, and
 * in between one line saying how much was left out. A block that prints 5 MB must not make
 * a 5 MB recording, an 80 MB page or a 3 GB build.
 */
export class BoundedOutput {
  readonly #half: number;
  #head: Buffer[] = [];
  #headBytes = 0;
  #tail: Buffer[] = [];
  #tailBytes = 0;
  #total = 0;

  constructor(limitBytes: number) {
    this.#half = Math.floor(limitBytes / 2);
  }

  push(chunk: Buffer): void {
    this.#total += chunk.length;
    if (this.#headBytes < this.#half) {
      const take = chunk.subarray(0, this.#half - this.#headBytes);
      this.#head.push(take);
      this.#headBytes += take.length;
      chunk = chunk.subarray(take.length);
      if (chunk.length === 0) return;
    }
    this.#tail.push(chunk);
    this.#tailBytes += chunk.length;
    while (this.#tailBytes - (this.#tail[0]?.length ?? 0) >= this.#half) this.#tailBytes -= (this.#tail.shift() as Buffer).length;
  }

  /** Bytes left out of the text (0 when everything fitted): the number its omission line gives. */
  get omittedBytes(): number {
    return Number(/^… (\d+) bytes omitted …$/m.exec(this.text())?.[1] ?? 0);
  }

  text(): string {
    const head = Buffer.concat(this.#head);
    let tail = Buffer.concat(this.#tail);
    if (this.#total <= head.length + tail.length) return Buffer.concat([head, tail]).toString('utf8');
    tail = tail.subarray(tail.length - this.#half);
    // Cut at line ends, so no line (or UTF-8 character) is shown half.
    const headText = head.toString('utf8', 0, head.lastIndexOf(10) + 1);
    const tailStart = tail.indexOf(10) + 1;
    const omitted = this.#total - Buffer.byteLength(headText) - (tail.length - tailStart);
    return `${headText}… ${omitted} bytes omitted …\n${tail.toString('utf8', tailStart)}`;
  }
}
