import { RecordingFileError } from './recording-file-error.ts';
import { noteRecordingSchema, type NoteRecording } from './schema.ts';

export { RecordingFileError };

/**
 * A recording file's text as its schema: a merge conflict, a truncated write or a field of
 * the wrong type is a clear error that names the file and the way back, never a stack trace.
 */
export function parseRecording(text: string, path: string, note: string): NoteRecording {
  const hint = `hint: restore it with \`git checkout -- ${path}\` (or resolve the merge conflict), or re-record with \`npm run verify-notes -- --update --note ${note}\``;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const conflict = /^(<<<<<<<|=======|>>>>>>>)/m.test(text) ? ' (it holds merge-conflict markers)' : '';
    throw new RecordingFileError(`${path}: not valid JSON${conflict}: ${(error as Error).message}\n  ${hint}`, { cause: error });
  }
  const parsed = noteRecordingSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RecordingFileError(`${path}: not a valid recording file: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'schema'}\n  ${hint}`);
  }
  return parsed.data;
}
