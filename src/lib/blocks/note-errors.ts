import { BlockError } from './block-error.ts';

/**
 * Every problem of a note at once, so that an author fixes them in one go instead of one
 * build per typo. It is a BlockError standing at the first problem, so callers that catch
 * BlockError (and annotate `source`/`line`) keep working; `errors` has the full list.
 */
export class NoteErrors extends BlockError {
  readonly #errors: readonly BlockError[];

  constructor(errors: readonly [BlockError, BlockError, ...BlockError[]]) {
    const [first] = errors;
    super(first.source, first.line, first.problem, first.hint, { cause: first });
    this.name = 'NoteErrors';
    this.#errors = errors.flatMap((error) => error.errors);
    // One `file:line: problem` line and its hint per problem: the first line alone is still
    // a complete report (a GitHub annotation shows only that one).
    this.message = this.#errors.map((error) => error.describe()).join('\n');
  }

  override get errors(): readonly BlockError[] {
    return this.#errors;
  }

  /** Each problem with its hint; the hints are already part of the message. */
  override describe(): string {
    return this.message;
  }
}

/** The one error to throw for the problems found, or undefined when there are none. */
export function combinedError(errors: readonly BlockError[]): BlockError | undefined {
  const [first, second, ...rest] = errors;
  if (!first) return undefined;
  if (!second) return first;
  return new NoteErrors([first, second, ...rest]);
}
