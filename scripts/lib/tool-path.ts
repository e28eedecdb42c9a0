import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { z } from 'zod';
import { SetupError } from './user-error.ts';
import { userCacheDir } from './user-cache.mjs';

const toolFileSchema = z.object({
  /** The directory holding kind and kubectl at the pinned versions; null when the ones on PATH already are. */
  path: z.string().min(1).nullable(),
  /** The kind cluster config for machines without a registry (scripts/airgap/kind/kind-config.yaml); null elsewhere. */
  kindConfig: z.string().min(1).nullable(),
});

/** What `npm run setup` (scripts/setup.sh) leaves for the runner, so nobody edits PATH by hand. */
export type ToolFile = z.infer<typeof toolFileSchema>;

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
  let parsed: ToolFile;
  try {
    parsed = toolFileSchema.parse(JSON.parse(text));
  } catch (error) {
    const field = error instanceof z.ZodError ? ` (field ${error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ')})` : '';
    throw new SetupError(`${file} is not what scripts/setup.sh writes${field}`, 'run `npm run setup` again: it rewrites the file', { cause: error });
  }
  const next: NodeJS.ProcessEnv = { ...env };
  if (parsed.path && existsSync(parsed.path)) {
    const rest = (env.PATH ?? '').split(delimiter).filter((entry) => entry && entry !== parsed.path);
    next.PATH = [parsed.path, ...rest].join(delimiter);
  }
  if (!env.KUBIA_NOTES_KIND_CONFIG && parsed.kindConfig && existsSync(parsed.kindConfig)) next.KUBIA_NOTES_KIND_CONFIG = parsed.kindConfig;
  return next;
}
