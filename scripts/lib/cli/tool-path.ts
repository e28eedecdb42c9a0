import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SetupError } from '../core/user-error.ts';
import { userCacheDir } from '../cache/user-cache.mjs';

/**
 * What `npm run setup` (scripts/setup.sh) leaves for the runner, so nobody edits PATH by hand.
 * Checked by hand, not with zod: every run reads it, and loading zod is the largest part of
 * the runner's start-up.
 */
export interface ToolFile {
  /** The directory holding kind and kubectl at the pinned versions; null when the ones on PATH already are. */
  path: string | null;
  /** The kind cluster config for machines without a registry (scripts/airgap/kind/kind-config.yaml); null elsewhere. */
  kindConfig: string | null;
}

/** The fields of `data` that are not what setup writes (a non-empty string or null each). */
function wrongFields(data: unknown): string[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return ['(root)'];
  const record = data as Record<string, unknown>;
  return (['path', 'kindConfig'] as const).filter((key) => !(record[key] === null || (typeof record[key] === 'string' && record[key] !== '')));
}

/** `${XDG_CACHE_HOME:-$HOME/.cache}/kubia-notes/env.json`, the same path scripts/setup.sh writes. */
export function toolFilePath(env: NodeJS.ProcessEnv): string {
  return join(userCacheDir(env), 'env.json');
}

/**
 * `env` with what setup provisioned in front: its bin dir first on PATH, and its kind config as
 * KUBIA_NOTES_KIND_CONFIG unless the user set one. Without the file (setup never ran) `env` as it is;
 * a directory or config that no longer exists is left out rather than shadowing what is on PATH.
 */
export function toolEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = toolFilePath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return env;
    throw new SetupError(`${file} cannot be read`, 'run `npm run setup` again', { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SetupError(`${file} is not what scripts/setup.sh writes`, 'run `npm run setup` again: it rewrites the file', { cause: error });
  }
  const wrong = wrongFields(data);
  if (wrong.length) throw new SetupError(`${file} is not what scripts/setup.sh writes (field ${wrong.join(', ')})`, 'run `npm run setup` again: it rewrites the file');
  const parsed = data as ToolFile;
  const next: NodeJS.ProcessEnv = { ...env };
  if (parsed.path && existsSync(parsed.path)) {
    const rest = (env.PATH ?? '').split(delimiter).filter((entry) => entry && entry !== parsed.path);
    next.PATH = [parsed.path, ...rest].join(delimiter);
  }
  if (!env.KUBIA_NOTES_KIND_CONFIG && parsed.kindConfig && existsSync(parsed.kindConfig)) next.KUBIA_NOTES_KIND_CONFIG = parsed.kindConfig;
  return next;
}
