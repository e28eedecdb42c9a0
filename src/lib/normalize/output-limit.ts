import type { Normalizer } from './normalizer.ts';

/**
 * The line the runner puts where it left out the middle of a very long output
 * (scripts/lib/run/bounded-output.ts): how many bytes depends on where lines happened to end.
 */
export const omittedBytes: Normalizer = {
  name: 'omitted',
  placeholder: '… ⟨n⟩ bytes omitted …',
  description: '출력이 너무 길어 가운데를 생략했습니다(앞부분과 뒷부분만 기록)',
  pattern: /^… \d+ bytes omitted …$/gm,
};
