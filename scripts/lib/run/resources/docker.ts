import { dockerDiagnostics, dockerFunction, dockerLeaks, realDocker, removeDockerLeaks, SHIM_DIR } from '../../docker/docker-resources.ts';
import type { ResourceFactory } from './resource.ts';

/**
 * Docker for a session: the labelling `docker` function before every block, the same shim
 * first on PATH for what the block starts (both read the session's markers), and a leak check
 * by its label.
 */
export const dockerResource: ResourceFactory = async ({ session }) => {
  const docker = realDocker();
  const prelude = await dockerFunction();
  return {
    capability: 'docker',
    environment: (base) => ({ ...base, KUBIA_NOTES_REAL_DOCKER: docker, PATH: `${SHIM_DIR}:${base.PATH ?? ''}` }),
    prelude,
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
