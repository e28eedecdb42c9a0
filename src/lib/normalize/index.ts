import { ago, buildkit, buildTiming, digest, longId, pullProgress, shortId, size, uptime } from './docker.ts';
import { klog, podHash, resourceVersion, uid } from './kubectl.ts';
import { kubectlTableColumns } from './kubectl-table.ts';
import { node } from './node.ts';
import { ephemeralPort, ip, publishedPort } from './network.ts';
import { applyNormalizers, type Normalized, type Normalizer } from './normalizer.ts';
import { date, httpDate, timestamp, unixDate } from './time.ts';
import { curlProgress } from './curl.ts';
import { duration } from './duration.ts';
import { runnerDir } from './runner-dir.ts';
import { omittedBytes } from './output-limit.ts';

/** Every normaliser by name, in the order they apply (longer, more specific patterns first). */
export const NORMALIZERS: readonly Normalizer[] = [omittedBytes, runnerDir, buildkit, pullProgress, curlProgress, klog, kubectlTableColumns, node, digest, longId, uid, timestamp, httpDate, unixDate, date, duration, shortId, podHash, resourceVersion, publishedPort, ip, ephemeralPort, size, uptime, ago, buildTiming];

/** Applied to every run block; `normalize=` adds opt-in ones. */
export const DEFAULT_NORMALIZERS = ['omitted', 'runner-dir', 'curl-progress', 'kubectl-age', 'node', 'digest', 'long-id', 'uid', 'timestamp', 'http-date', 'unix-date', 'date', 'duration', 'short-id', 'pod-hash', 'resource-version', 'published-port', 'ip', 'port', 'uptime', 'ago'] as const;

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

/** Line ends as the terminal happened to print them: CRLF and trailing blanks are not compared. */
const LINE_ENDS: readonly Normalizer[] = [
  { name: 'line-end', layout: true, placeholder: '\n', description: '줄 끝의 CR은 비교하지 않습니다', pattern: /\r\n/g },
  { name: 'line-end', layout: true, placeholder: '', description: '줄 끝의 공백은 비교하지 않습니다', pattern: /[ \t]+$/gm },
];

/**
 * The transcript as verify compares it: volatile values replaced by named placeholders, and
 * from the same pass the spans of the transcript they replaced (the page marks them).
 */
export function normalizeTranscript(text: string, extra: readonly string[]): Normalized {
  return applyNormalizers(text, [...LINE_ENDS, ...normalizersNamed(extra)]);
}

export type { Normalized } from './normalizer.ts';
export type { VolatileSpan } from './span-map.ts';
