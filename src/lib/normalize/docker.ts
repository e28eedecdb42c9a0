import type { Normalizer } from './normalizer.ts';

export const digest: Normalizer = {
  name: 'digest',
  numbered: true,
  placeholder: '⟨digest⟩',
  description: '이미지 다이제스트(sha256)는 빌드할 때마다 달라집니다',
  pattern: /sha256:[0-9a-f]{64}/g,
};

export const longId: Normalizer = {
  name: 'long-id',
  numbered: true,
  placeholder: '⟨id⟩',
  description: '컨테이너·이미지의 64자리 ID는 실행할 때마다 달라집니다',
  pattern: /\b[0-9a-f]{64}\b/g,
};

export const shortId: Normalizer = {
  name: 'short-id',
  numbered: true,
  placeholder: '⟨id⟩',
  description: '컨테이너·이미지의 12자리 ID(와 그것을 쓰는 호스트 이름)는 실행할 때마다 달라집니다',
  // 12 hex digits with at least one letter and one digit, so that plain numbers stay.
  pattern: /\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{12}\b/g,
};

export const size: Normalizer = {
  name: 'size',
  placeholder: '⟨size⟩',
  description: '이미지와 파일 크기는 베이스 이미지 버전에 따라 달라집니다',
  pattern: /\b\d+(?:\.\d+)?\s?(?:B|kB|KB|MB|GB|KiB|MiB|GiB)\b/g,
};

export const ago: Normalizer = {
  name: 'ago',
  placeholder: '⟨ago⟩',
  description: '"… ago", "Up …" 같은 경과 시간은 실행 시각에 따라 달라집니다',
  pattern: /\b(?:(?:About an?|Less than an?|\d+) (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?) ago)\b/g,
};

export const uptime: Normalizer = {
  name: 'uptime',
  placeholder: 'Up ⟨duration⟩',
  description: '컨테이너가 떠 있는 시간은 실행 시각에 따라 달라집니다',
  pattern: /\bUp (?:About an?|Less than an?|\d+) (?:seconds?|minutes?|hours?|days?)\b/g,
};

export const buildTiming: Normalizer = {
  name: 'build-timing',
  placeholder: '⟨s⟩',
  description: 'BuildKit이 찍는 단계별 소요 시간은 매번 다릅니다',
  pattern: /\b\d+\.\d+s\b/g,
};

/** One BuildKit plain-progress line worth keeping: a Dockerfile step or the image result. */
const BUILDKIT_KEPT = /^#\d+ (\[(?!internal\])[^\]]*\] .*|exporting to image|writing image \S+|naming to \S+)/;

export const buildkit: Normalizer = {
  name: 'buildkit',
  placeholder: '(BuildKit 요약)',
  description: 'BuildKit 진행 로그는 실행마다 단계 순서·캐시 여부·시간이 달라, Dockerfile 단계와 결과 줄만 남겼습니다 (원래 출력은 기록 파일의 transcript에 있습니다)',
  pattern: /^(?:#\d+ .*(?:\n|$)|\n(?=#\d+ ))+/gm,
  replace: (block) => {
    const kept = block
      .split('\n')
      // A FROM that had to be pulled names its digest (`FROM …/node:24@sha256:…`): drop it.
      .map((line) => BUILDKIT_KEPT.exec(line)?.[1]?.replace(/ done$/, '').replace(/^(\[[^\]]*\] FROM \S+?)@sha256:[0-9a-f]{64}/, '$1'))
      .filter((line): line is string => Boolean(line));
    const steps = [...new Set(kept)];
    const order = (line: string) => Number(/^\[(\d+)\//.exec(line)?.[1] ?? 1000);
    return `${steps.sort((a, b) => order(a) - order(b)).join('\n')}\n`;
  },
};

export const pullProgress: Normalizer = {
  name: 'pull-progress',
  placeholder: '',
  description: '이미지가 로컬에 없을 때만 나오는 다운로드 줄(Unable to find image …, Pulling from …, Pull complete …)은 비교에서 뺐습니다 (transcript에는 남아 있습니다)',
  pattern:
    /^(?:Unable to find image '[^']*' locally|[\w.-]+: Pulling from \S+|[0-9a-f]{12}: (?:Pulling fs layer|Waiting|Downloading|Verifying Checksum|Download complete|Extracting|Pull complete|Already exists)\b.*|Digest: sha256:[0-9a-f]{64}|Status: Downloaded newer image for \S+)(?:\n|$)/gm,
};
