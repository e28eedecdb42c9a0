import { BlockError } from '../../../src/lib/blocks/block-error.ts';
import { RecordingFileError } from '../../../src/lib/store/store.ts';

/** Exit codes of verify-notes, one per kind of failure a user acts on differently. */
export const EXIT = { blocksFailed: 1, badInput: 2, missingCapability: 3, setupFailed: 4, locked: 5, interrupted: 130 } as const;

/**
 * A failure the user can act on: what went wrong, what to do next, the exit code that
 * tells CI which it was, and where (file:line) when it is about a place in a note.
 */
export class UserError extends Error {
  readonly hint: string;
  readonly exitCode: number;
  readonly location?: { file: string; line?: number };
  constructor(message: string, hint: string, exitCode: number, options?: ErrorOptions & { location?: { file: string; line?: number } }) {
    super(message, options);
    this.name = new.target.name;
    this.hint = hint;
    this.exitCode = exitCode;
    if (options?.location) this.location = options.location;
  }
}

/** Preparing the run failed (the note's namespace, the cluster's answer): not a block's fault. */
export class SetupError extends UserError {
  constructor(message: string, hint: string, options?: ErrorOptions & { location?: { file: string; line?: number } }) {
    super(message, hint, EXIT.setupFailed, options);
  }
}

/** Every user-facing error as one: message, hint, exit code, place. Anything else is a bug. */
export function asUserError(error: unknown): UserError | undefined {
  if (error instanceof UserError) return error;
  if (error instanceof BlockError) return new UserError(error.message, error.hint, EXIT.badInput, { cause: error, location: { file: error.source, line: error.line } });
  if (error instanceof RecordingFileError) {
    const [message = '', hint = ''] = error.message.split('\n  hint: ');
    return new UserError(message, hint, EXIT.badInput, { cause: error, location: { file: message.split(':')[0] ?? '' } });
  }
  return undefined;
}

/** The one way a user error is printed: `✗ message`, `  hint: …`, and its cause when it adds something. */
export function formatUserError(error: UserError): string {
  const cause = error.cause instanceof Error && !(error.cause instanceof BlockError) && !(error.cause instanceof RecordingFileError) && !error.message.includes(error.cause.message) ? `\n  cause: ${error.cause.message}` : '';
  const body = error.cause instanceof BlockError ? error.cause.describe() : `${error.message}\n  hint: ${error.hint}`;
  return `✗ ${body}${cause}`;
}

/**
 * The same error as GitHub Actions annotations, pointing at the file and line when known:
 * one per problem, so every bad fence of a note is marked where it stands.
 */
export function annotationOf(error: UserError): string {
  if (error.cause instanceof BlockError) {
    return error.cause.errors.map((problem) => `::error file=${problem.source},line=${problem.line}::${escapeAnnotation(`${problem.problem}\nhint: ${problem.hint}`)}`).join('\n');
  }
  const escape = escapeAnnotation;
  const where = error.location ? ` file=${error.location.file}${error.location.line ? `,line=${error.location.line}` : ''}` : '';
  return `::error${where}::${escape(`${error.message}\nhint: ${error.hint}`)}`;
}

/** GitHub's workflow-command escaping: one place for every annotation we print. */
export function escapeAnnotation(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A wrong option or argument: exit 2. */
export class UsageError extends UserError {
  constructor(message: string, hint = 'see `npm run verify-notes -- --help`') {
    super(message, hint, EXIT.badInput);
  }
}

/** A command's main, its result the exit status; a user error printed as one (and annotated in GitHub Actions). */
export async function runCommand(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    const userError = asUserError(error);
    if (!userError) throw error;
    console.error(formatUserError(userError));
    if (process.env.GITHUB_ACTIONS) console.log(annotationOf(userError));
    process.exitCode = userError.exitCode;
  }
}
