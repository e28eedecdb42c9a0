import { createHash } from 'node:crypto';
import type { RunMeta } from './meta.ts';

/**
 * The hash a recording is valid for: what the block executes or writes and the options
 * that change its result. Presentation-only options (title, hidden, timeout) are left out,
 * so that re-wording them does not invalidate recorded output.
 */
export function blockHash(lang: string, code: string, meta: RunMeta, aliasesUsed: Readonly<Record<string, string>> = {}, commands?: readonly string[]): string {
  const relevant = {
    lang,
    code,
    file: meta.file ?? null,
    needs: meta.needs,
    expectedExit: meta.expectedExit,
    background: meta.background,
    ready: meta.ready?.source ?? null,
    cleanup: meta.cleanup,
    normalize: meta.normalize,
    secrets: meta.secrets,
    // Only when given: every recording made before until= existed keeps its hash.
    ...(meta.until ? { until: meta.until.source } : {}),
    // The note's aliases the block calls: `k: kubectl` → `k: kubecolor` changes what it prints.
    ...(Object.keys(aliasesUsed).length ? { aliases: aliasesUsed } : {}),
    // A transcript is recorded command by command: where one command ends is part of what it runs.
    ...(commands ? { commands } : {}),
  };
  return createHash('sha256').update(JSON.stringify(relevant)).digest('hex');
}
