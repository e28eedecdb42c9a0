import type { Normalizer, Rewrite } from './normalizer.ts';

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

/**
 * One BuildKit plain-progress line worth keeping: a Dockerfile step or the image result. Not
 * BuildKit's own steps: `[internal] …`, and `[auth] library/node:pull token for
 * registry-1.docker.io`, which only a machine that pulls the base image prints.
 */
const BUILDKIT_KEPT = /^#\d+ (\[(?!internal\]|auth\])[^\]]*\] .*|exporting to image|writing image \S+|naming to \S+)/d;
/** A FROM that had to be pulled names its digest (`FROM …/node:24@sha256:…`): not kept. */
const PULLED_FROM = /^(\[[^\]]*\] FROM \S+?)@sha256:[0-9a-f]{64}/;

/** A kept line of a BuildKit log and the stretches of the log it is made of. */
interface KeptLine {
  text: string;
  pieces: Array<[start: number, end: number]>;
}

function keptLines(block: string): KeptLine[] {
  const kept: KeptLine[] = [];
  let lineStart = 0;
  for (const line of block.split('\n')) {
    const step = BUILDKIT_KEPT.exec(line);
    const [start, end] = step?.indices?.[1] ?? [0, 0];
    let text = step?.[1] ?? '';
    let pieces: KeptLine['pieces'] = [[lineStart + start, lineStart + end - (text.endsWith(' done') ? 5 : 0)]];
    if (text.endsWith(' done')) text = text.slice(0, -5);
    const pulled = PULLED_FROM.exec(text);
    if (pulled?.[1]) {
      pieces = [[lineStart + start, lineStart + start + pulled[1].length], [lineStart + start + pulled[0].length, (pieces[0] as [number, number])[1]]];
      text = pulled[1] + text.slice(pulled[0].length);
    }
    if (text) kept.push({ text, pieces });
    lineStart += line.length + 1;
  }
  return kept;
}

export const buildkit: Normalizer = {
  name: 'buildkit',
  placeholder: '(BuildKit 요약)',
  description: 'BuildKit 진행 로그는 실행마다 단계 순서·캐시 여부·시간이 달라, 비교할 때는 Dockerfile 단계와 결과 줄만 씁니다',
  pattern: /^(?:#\d+ .*(?:\n|$)|\n(?=#\d+ ))+/gm,
  // Steps once each, in Dockerfile order. In the usual log that is the order they were
  // printed in, and the summary is the log with the rest left out (each part marked where it
  // is); a log that printed them out of order is summarised as a whole.
  rewrite: (block) => {
    const firsts = new Map<string, KeptLine>();
    for (const line of keptLines(block)) if (!firsts.has(line.text)) firsts.set(line.text, line);
    const steps = [...firsts.values()];
    const order = (line: KeptLine) => Number(/^\[(\d+)\//.exec(line.text)?.[1] ?? 1000);
    const sorted = [...steps].sort((a, b) => order(a) - order(b));
    if (sorted.some((line, i) => line !== steps[i])) return [{ start: 0, end: block.length, text: `${sorted.map((l) => l.text).join('\n')}\n` }];
    const changes: Rewrite[] = [];
    let at = 0;
    steps.forEach((line, i) =>
      line.pieces.forEach(([start, end], j) => {
        changes.push({ start: at, end: start, text: i > 0 && j === 0 ? '\n' : '' });
        at = end;
      }),
    );
    changes.push({ start: at, end: block.length, text: '\n' });
    return changes.filter((c) => c.start < c.end || c.text !== '');
  },
};

export const pullProgress: Normalizer = {
  name: 'pull-progress',
  placeholder: '',
  description: '이미지가 로컬에 없을 때만 나오는 다운로드 줄(Unable to find image …, Pulling from …, Pull complete …)은 비교에서 뺐습니다 (transcript에는 남아 있습니다)',
  pattern:
    /^(?:Unable to find image '[^']*' locally|[\w.-]+: Pulling from \S+|[0-9a-f]{12}: (?:Pulling fs layer|Waiting|Downloading|Verifying Checksum|Download complete|Extracting|Pull complete|Already exists)\b.*|Digest: sha256:[0-9a-f]{64}|Status: Downloaded newer image for \S+)(?:\n|$)/gm,
};
