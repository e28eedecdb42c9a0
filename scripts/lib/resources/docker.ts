import { dockerDiagnostics, dockerLeaks, realDocker, removeDockerLeaks, SHIM_DIR } from '../docker-resources.ts';
import type { ResourceFactory } from './resource.ts';

/** Docker for a session: the labelling shim first on PATH (it reads the session's markers), and a leak check by its label. */
export const dockerResource: ResourceFactory = async ({ session }) => {
  const docker = await realDocker();
  return {
    capability: 'docker',
    environment: (base) => ({ ...base, KUBIA_NOTES_REAL_DOCKER: docker, PATH: `${SHIM_DIR}:${base.PATH ?? ''}` }),
    diagnostics: () => dockerDiagnostics(session),
    async removeLeftovers() {
      const leaks = await dockerLeaks(session);
      if (leaks.length === 0) return undefined;
      await removeDockerLeaks(leaks);
      return `left behind in Docker (now removed): ${leaks.map((l) => `${l.kind} ${l.description}`).join('; ')}\n  hint: add the matching \`docker rm\`/\`docker rmi\` to the note's cleanup block`;
    },
    close: async () => {},
  };
};
