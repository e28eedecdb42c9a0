import type { Mask } from '../store/schema.ts';
import { ago, buildkit, buildTiming, digest, longId, pullProgress, shortId, size, uptime } from './docker.ts';
import { klog, kubectlTableColumns, podHash, resourceVersion, uid } from './kubectl.ts';
import { ephemeralPort, ip, publishedPort } from './network.ts';
import { applyNormalizers, type Normalizer } from './normalizer.ts';
import { date, httpDate, timestamp } from './time.ts';
import { omittedBytes } from './output-limit.ts';

/** Every normaliser by name, in the order they apply (longer, more specific patterns first). */
export const NORMALIZERS: readonly Normalizer[] = [omittedBytes, buildkit, pullProgress, klog, kubectlTableColumns, digest, longId, uid, timestamp, httpDate, date, shortId, podHash, resourceVersion, publishedPort, ip, ephemeralPort, size, uptime, ago, buildTiming];

/** Applied to every run block; `normalize=` adds opt-in ones. */
export const DEFAULT_NORMALIZERS = ['omitted', 'kubectl-age', 'digest', 'long-id', 'uid', 'timestamp', 'http-date', 'date', 'short-id', 'pod-hash', 'resource-version', 'published-port', 'ip', 'port', 'uptime', 'ago'] as const;

export class UnknownNormalizerError extends Error {}

export function normalizersNamed(names: readonly string[]): Normalizer[] {
  for (const name of names) {
    if (!NORMALIZERS.some((n) => n.name === name)) {
      throw new UnknownNormalizerError(`unknown normaliser "${name}"; valid: ${NORMALIZERS.map((n) => n.name).join(', ')}`);
    }
  }
  const wanted = new Set([...DEFAULT_NORMALIZERS, ...names]);
  return NORMALIZERS.filter((n) => wanted.has(n.name));
}

/** The transcript as verify compares it: volatile values replaced by named placeholders. */
export function normalizeTranscript(text: string, extra: readonly string[]): { text: string; masks: Mask[] } {
  const unified = text.replace(/\r\n/g, '\n').replace(/[ \t]+$/gm, '');
  return applyNormalizers(unified, normalizersNamed(extra));
}
