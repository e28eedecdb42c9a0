import type { Environment, NoteRecording } from '../../../src/lib/store/schema.ts';

/** The versions a reader of a recording cares about, as one line. */
function versions(environment: Pick<Environment, 'docker' | 'kubernetes'>, uses: { docker: boolean; kind: boolean }): string {
  return [
    uses.kind && environment.kubernetes && `Kubernetes ${environment.kubernetes.server} (kubectl ${environment.kubernetes.client})`,
    uses.docker && environment.docker && `Docker ${environment.docker.server}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/**
 * "recorded on Kubernetes v1.34.11 (kubectl v1.34.11), Docker 26.1.5; running on …": said
 * first, before any block, when a run happens on other versions than the note's recordings,
 * so that every difference below is read in that light. Undefined when they agree.
 */
export function environmentDifference(recording: NoteRecording, now: Environment): string | undefined {
  const runs = Object.values(recording.blocks)
    .flatMap((b) => (b.kind === 'run' ? [b] : []))
    .sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : -1));
  const docker = runs.find((r) => r.environment.docker)?.environment.docker;
  const kubernetes = runs.find((r) => r.environment.kubernetes)?.environment.kubernetes;
  const uses = { docker: Boolean(docker && now.docker), kind: Boolean(kubernetes && now.kubernetes) };
  const then = versions({ ...(docker ? { docker } : {}), ...(kubernetes ? { kubernetes } : {}) }, uses);
  const current = versions(now, uses);
  return then === current || then === '' ? undefined : `recorded on ${then}; running on ${current}`;
}
