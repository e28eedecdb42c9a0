import type { Normalizer } from './normalizer.ts';

/** Go's time.Duration as printed: 47ms, 1.234s, 2m3.5s, 1h0m0s, 350µs. */
const GO_DURATION = String.raw`(?:\d+h)?(?:\d+m(?!s))?\d+(?:\.\d+)?(?:ns|µs|us|ms|s)`;
/** Kubernetes' duration.HumanDuration: 10s, 2m3s, 5m, 3h4m, 2d3h, 3y45d (and <invalid> for a clock skew). */
const HUMAN_DURATION = String.raw`(?:\d+[ydhms]){1,2}|<invalid>`;

/**
 * How long something took, as tools print it after the fact: `kubectl describe job`'s
 * `Duration:`, the kubelet's `Successfully pulled image "…" in 47ms (47ms including waiting)`,
 * curl's `Failed to connect … after 3 ms`. Only the value is replaced.
 */
export const duration: Normalizer = {
  name: 'duration',
  placeholder: '⟨duration⟩',
  description: '걸린 시간(잡의 Duration, 이미지를 받는 데 걸린 시간, curl의 "after N ms")은 실행할 때마다 다릅니다',
  pattern: new RegExp(
    [
      String.raw`(?<=^[ \t]*Duration:[ \t]+)(?:${HUMAN_DURATION})$`,
      String.raw`(?<=\bpulled image "[^"\n]*" in )${GO_DURATION}`,
      String.raw`\b${GO_DURATION}(?= including waiting\))`,
      String.raw`(?<=\bafter )\d+ (?:ms|milliseconds)\b`,
    ].join('|'),
    'gm',
  ),
};
