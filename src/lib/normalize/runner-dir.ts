import type { Normalizer } from './normalizer.ts';

/**
 * A temp dir of the runner (scripts/lib/core/temp-dirs.ts: kubia-notes-<what>.<pid>.<start>-XXXXXX),
 * with whatever parent the machine's temp dir has: the work dir `pwd` prints and error
 * messages name. The reader's terminal shows their own directory there.
 */
export const runnerDir: Normalizer = {
  name: 'runner-dir',
  numbered: true,
  placeholder: '⟨dir⟩',
  description: '실행기가 노트마다 만드는 임시 폴더(작업 폴더 등)의 경로는 실행할 때마다 다릅니다 (독자의 터미널에서는 자기 작업 폴더입니다)',
  pattern: /(?:\/[\w.-]+)*\/kubia-notes-[\w-]+\.\d+\.\w+-[A-Za-z0-9]{6}(?![\w-])/g,
};
