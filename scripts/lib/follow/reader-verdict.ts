import type { Block } from '../../../src/lib/blocks/block.ts';
import { changedWords, comparable } from '../../../src/lib/compare.ts';
import { normalizeTranscript } from '../../../src/lib/normalize/index.ts';
import type { RunRecording } from '../../../src/lib/store/schema.ts';
import type { BlockRun } from '../run/block-run.ts';
import type { BlockResult } from '../core/results.ts';

/**
 * The runner's verdict of a block, as a reader following the note reads it. The runner
 * already tells drift from rot; this only says it in Korean and, for an output whose
 * comparison form matched, tells "the same" from "only the values that change every run".
 */
export type ReaderKind = 'same' | 'volatile' | 'differs' | 'broken' | 'failed' | 'unrecorded' | 'stale' | 'skipped' | 'not-run' | 'interrupted' | 'cleanup';

export interface ReaderVerdict {
  kind: ReaderKind;
  /** Korean, one line. */
  label: string;
  /** Korean or the runner's own words: which values changed, why it failed, what to do. */
  details: string[];
  diff?: string;
}

export const READER_LABEL: Record<ReaderKind, string> = {
  same: '같음',
  volatile: '바뀌는 값만 다름',
  differs: '출력이 다름',
  broken: '명령이 깨짐',
  failed: '실패',
  unrecorded: '기록 없음',
  stale: '기록이 노트보다 오래됨',
  skipped: '건너뜀',
  'not-run': '실행하지 않음',
  interrupted: '중단됨 (Ctrl-C)',
  cleanup: '정리함',
};

/** Differences a reader should look into; the summary lists these blocks. */
export const DIFFERENT: readonly ReaderKind[] = ['differs', 'broken', 'failed'];

const MAX_VALUES = 6;
const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}…` : text);

/** The stretches the normalisers replace, as the page marks them (no spacing-only change). */
export function volatileSpans(transcript: string, block: Block) {
  return normalizeTranscript(transcript, block.meta.normalize).spans.filter((span) => !span.layout && /[^\r\n]/.test(transcript.slice(span.start, span.end)));
}

/** "컨테이너 ID: "3f2a…" → "9b1c…"": the volatile values that differ between the recording and this run. */
export function changedValues(block: Block, recorded: string, now: string): string[] {
  const before = volatileSpans(recorded, block);
  const after = volatileSpans(now, block);
  // Equal comparison forms give the same spans in the same order, unless a normaliser
  // swallowed a different number of lines: then the words that differ say it.
  if (before.length !== after.length || before.some((span, i) => span.name !== after[i]!.name)) return changedWords(recorded, now, MAX_VALUES);
  const values = new Set<string>();
  before.forEach((span, i) => {
    const was = recorded.slice(span.start, span.end);
    const is = now.slice(after[i]!.start, after[i]!.end);
    if (was !== is && values.size < MAX_VALUES) values.add(`${span.description}: ${shown(was.trim())} → ${shown(is.trim())}`);
  });
  return [...values];
}

/**
 * The outputs to set side by side: a transcript block's command by command (each was
 * normalised on its own, so its volatile spans are its own), any other block's as one.
 */
export function outputPairs(run: Pick<BlockRun, 'transcript' | 'commands'>, recorded: Pick<RunRecording, 'transcript' | 'commands'>): Array<[recorded: string, now: string]> {
  if (run.commands && recorded.commands && run.commands.length === recorded.commands.length) return run.commands.map((command, i) => [recorded.commands![i]!.transcript, command.transcript]);
  return [[recorded.transcript, run.transcript]];
}

const interrupted = (result: BlockResult) => /^interrupted\b/.test(result.message ?? '');

export function readerVerdict(result: BlockResult, recorded: RunRecording | undefined): ReaderVerdict {
  const { block, status, run } = result;
  const verdict = (kind: ReaderKind, details: string[] = [], diff?: string): ReaderVerdict => ({ kind, label: READER_LABEL[kind], details: details.filter(Boolean), ...(diff ? { diff } : {}) });
  const why = [result.message ?? '', result.hint ? `힌트: ${result.hint}` : ''];
  switch (status) {
    case 'passed':
    case 'unreproduced': {
      if (!run || !recorded || comparable(run.transcript) === comparable(recorded.transcript)) return verdict('same');
      const values = [...new Set(outputPairs(run, recorded).flatMap(([then, now]) => changedValues(block, then, now)))].slice(0, MAX_VALUES);
      return values.length ? verdict('volatile', values) : verdict('same');
    }
    case 'drift':
      return verdict('differs', [], result.diff);
    case 'rot':
      return verdict('broken', why, result.diff);
    case 'failed':
      // Ctrl-C killed it: the reader's doing, not a difference.
      return interrupted(result) ? verdict('interrupted') : verdict('failed', why);
    case 'unrecorded':
      return verdict('unrecorded', ['이 블록은 아직 기록된 출력이 없어 비교할 것이 없습니다']);
    case 'stale':
      return verdict('stale', [`노트가 기록 뒤에 바뀌어 비교가 정확하지 않을 수 있습니다 (${result.message ?? ''})`], result.diff);
    case 'skipped':
      return verdict('skipped');
    case 'not-run':
      return verdict('not-run', [result.message ?? '']);
    default:
      return verdict('cleanup');
  }
}
