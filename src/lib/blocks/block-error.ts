/** A problem in a note's blocks that the author must fix, reported as file:line with a hint. */
export class BlockError extends Error {
  readonly source: string;
  readonly line: number;
  readonly hint: string;
  constructor(source: string, line: number, message: string, hint: string, options?: ErrorOptions) {
    super(`${source}:${line}: ${message}`, options);
    this.name = 'BlockError';
    this.source = source;
    this.line = line;
    this.hint = hint;
  }

  /** Message, hint and location in the form a terminal user reads. */
  describe(): string {
    return `${this.message}\n  hint: ${this.hint}`;
  }
}
