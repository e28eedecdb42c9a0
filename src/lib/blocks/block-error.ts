/** A problem in a note's blocks that the author must fix, reported as file:line with a hint. */
export class BlockError extends Error {
  readonly source: string;
  readonly line: number;
  readonly hint: string;
  /** The problem without its location, e.g. `unknown key "neds" in block meta`. */
  readonly problem: string;
  constructor(source: string, line: number, problem: string, hint: string, options?: ErrorOptions) {
    super(`${source}:${line}: ${problem}`, options);
    this.name = 'BlockError';
    this.source = source;
    this.line = line;
    this.hint = hint;
    this.problem = problem;
  }

  /**
   * Every problem this error stands for, one per file:line. A single error lists itself; a
   * `NoteErrors` lists them all, so a caller can annotate each without asking which it got.
   */
  get errors(): readonly BlockError[] {
    return [this];
  }

  /** Message, hint and location in the form a terminal user reads. */
  describe(): string {
    return `${this.message}\n  hint: ${this.hint}`;
  }
}
