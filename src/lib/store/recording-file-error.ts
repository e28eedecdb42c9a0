/** A recording file that cannot be read as one: its message names the file and the way back. */
export class RecordingFileError extends Error {}
