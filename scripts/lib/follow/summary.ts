import { blockLocation } from '../../../src/lib/blocks/block.ts';
import type { Environment, NoteRecording } from '../../../src/lib/store/schema.ts';
import { DIFFERENT, READER_LABEL, type ReaderKind, type ReaderVerdict } from './reader-verdict.ts';
import type { Block } from '../../../src/lib/blocks/block.ts';

/** The versions the note's recordings were made on: the newest recording's of each tool. */
function recordedVersions(recording: NoteRecording): Partial<Record<'Docker' | 'kind' | 'Kubernetes', string>> {
  const runs = Object.values(recording.blocks)
    .flatMap((b) => (b.kind === 'run' ? [b] : []))
    .sort((a, b) => (a.recordedAt < b.recordedAt ? 1 : -1));
  const docker = runs.find((r) => r.environment.docker)?.environment.docker?.server;
  const kind = runs.find((r) => r.environment.kind)?.environment.kind;
  const kubernetes = runs.find((r) => r.environment.kubernetes)?.environment.kubernetes?.server;
  return { ...(docker ? { Docker: docker } : {}), ...(kind ? { kind } : {}), ...(kubernetes ? { Kubernetes: kubernetes } : {}) };
}

/** Pads to a width in terminal columns: a Hangul syllable takes two. */
const pad = (text: string, width: number) => text + ' '.repeat(Math.max(1, width - [...text].reduce((n, c) => n + (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/.test(c) ? 2 : 1), 0)));

const ORDER: readonly ReaderKind[] = ['same', 'volatile', 'differs', 'broken', 'failed', 'unrecorded', 'stale', 'skipped', 'not-run', 'interrupted'];

/**
 * The end of a follow: how many blocks matched and how, which differed, and the reader's
 * Docker, kind and Kubernetes beside the recording's (a different version is the first
 * thing to suspect when an output differs).
 */
export function followSummary(note: string, verdicts: ReadonlyArray<{ block: Block; verdict: ReaderVerdict }>, recording: NoteRecording, environment: Environment | undefined, problems: readonly string[]): string {
  const counts = ORDER.map((kind) => [kind, verdicts.filter((v) => v.verdict.kind === kind).length] as const).filter(([, n]) => n > 0);
  const lines = [`━━ 요약: ${note}`, `   ${counts.map(([kind, n]) => `${READER_LABEL[kind]} ${n}`).join(' · ') || '실행한 블록 없음'}`];
  const different = verdicts.filter((v) => DIFFERENT.includes(v.verdict.kind));
  if (different.length) lines.push('   다른 블록:', ...different.map(({ block, verdict }) => `     ${verdict.label}: ${blockLocation(block)} ${block.key}`));
  for (const problem of problems) lines.push(`   ✗ ${problem}`);
  const then = recordedVersions(recording);
  const now: Partial<Record<keyof typeof then, string>> = {
    ...(environment?.docker ? { Docker: environment.docker.server } : {}),
    ...(environment?.kind ? { kind: environment.kind } : {}),
    ...(environment?.kubernetes ? { Kubernetes: environment.kubernetes.server } : {}),
  };
  const tools = (['Docker', 'kind', 'Kubernetes'] as const).filter((tool) => then[tool] || now[tool]);
  if (tools.length) {
    lines.push(`   ${pad('버전', 12)}${pad('내 컴퓨터', 22)}기록`);
    for (const tool of tools) lines.push(`   ${pad(tool, 12)}${pad(now[tool] ?? '-', 22)}${then[tool] ?? '-'}${now[tool] && then[tool] && now[tool] !== then[tool] ? '  ← 다름' : ''}`);
    if (different.length && tools.some((tool) => now[tool] && then[tool] && now[tool] !== then[tool])) lines.push('   출력이 다르다면 먼저 버전 차이를 의심해 보세요.');
  }
  return `${lines.join('\n')}\n`;
}
