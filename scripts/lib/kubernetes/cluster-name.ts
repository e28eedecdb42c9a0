/** The project's kind cluster of the pinned environment; other environments get their own (kubia-notes-<env>). */
export const DEFAULT_CLUSTER = process.env.KUBIA_NOTES_KIND_CLUSTER ?? 'kubia-notes';
