import { blockLocation } from '../../../src/lib/blocks/block.ts';
import type { Environment } from '../../../src/lib/store/schema.ts';
import { endedBadly, type BlockResult, type NoteResult } from '../core/results.ts';
import { reportContext, type ReportContext } from './context.ts';
import { runSummary, STATUS_MARK } from './summary.ts';

/** A job summary has a size limit (1 MiB a step): a folded diff or output keeps this many lines. */
const FOLDED_LINES = 100;

/** Text placed in HTML (a table cell, a `<summary>`): shown as written, never interpreted. */
const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A table cell: a `|` would end the cell and a newline the row. */
const cell = (text: string) => html(text).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

function ranOn(environment: Environment): string {
  const { docker, kubernetes, kind, os } = environment;
  return [
    docker && `Docker ${docker.server}`,
    kubernetes && `Kubernetes ${kubernetes.server} (kubectl ${kubernetes.client})`,
    kind && `kind ${kind}`,
    os,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fenced(text: string, language: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

function folded(summary: string, text: string, language = ''): string {
  return `<details><summary>${html(summary)}</summary>\n\n${fenced(text, language)}\n\n</details>`;
}

/** The diff of a drift or rot from its start, the output of a block that ended badly from its end. */
function foldsOf(result: BlockResult): string[] {
  const where = `${result.block.key} · ${blockLocation(result.block)}`;
  const folds: string[] = [];
  if (result.diff) {
    const lines = result.diff.trimEnd().split('\n');
    const cut = lines.length > FOLDED_LINES ? ` (처음 ${FOLDED_LINES}줄 / 전체 ${lines.length}줄)` : '';
    folds.push(folded(`${where} · 기록과의 차이${cut}`, lines.slice(0, FOLDED_LINES).join('\n'), 'diff'));
  }
  if (endedBadly(result.status) && result.run) {
    const lines = result.run.transcript.trimEnd().split('\n');
    const cut = lines.length > FOLDED_LINES ? ` (마지막 ${FOLDED_LINES}줄 / 전체 ${lines.length}줄)` : '';
    folds.push(folded(`${where} · 출력${cut}`, lines.slice(-FOLDED_LINES).join('\n') || '(출력 없음)'));
  }
  return folds;
}

function noteSection(note: NoteResult): string | undefined {
  if (note.skipped) return undefined;
  const shown = note.blocks.filter((b) => b.status !== 'skipped');
  const placed = note.placement ? [`${note.placement.mode === 'parallel' ? '병렬' : '순차'}: ${html(note.placement.reasonKo)}`, ''] : [];
  if (!shown.length && !note.problems.length) return undefined;
  const rows = [
    ...shown.map((b) => `| <code>${cell(b.block.key)}</code> ${cell(blockLocation(b.block))} | ${STATUS_MARK[b.status]} ${b.status} | ${b.status === 'passed' ? '' : cell(b.message ?? '')} |`),
    ...note.problems.map((problem) => `| (세션) ${cell(note.source)} | ✗ session | ${cell(problem)} |`),
  ];
  const folds = shown.flatMap(foldsOf);
  return [`### ${html(note.source)}`, '', ...placed, '| 블록 | 판정 | 메시지 |', '| --- | --- | --- |', ...rows, ...folds.flatMap((fold) => ['', fold])].join('\n');
}

/**
 * The run as a GitHub job summary (or any Markdown page): the verdict counts, where it ran
 * against the pin, and per note a table of its blocks with the diffs folded away.
 */
export function markdownReport(notes: readonly NoteResult[], context: ReportContext = reportContext()): string {
  const { environment, pinned } = context;
  const skipped = notes.filter((note) => note.skipped);
  const where = [
    ...(environment ? [`- 실행 환경: ${html(ranOn(environment))}`] : []),
    `- 고정 환경: Kubernetes ${html(pinned.kubernetes)} · kind ${html(pinned.kind)} (scripts/pinned-environment.json)`,
    ...(context.shard ? [context.shard.index ? `- 샤드 ${context.shard.index}/${context.shard.count}: 노트를 기록된 실행 시간으로 나눈 ${context.shard.count}개 중 하나` : `- 샤드 ${context.shard.count}개의 보고서를 합친 결과`] : []),
    ...(skipped.length ? [`- 건너뜀(기록이 최신, \`--changed\`): ${skipped.map((note) => html(note.note)).join(', ')}`] : []),
  ];
  const sections = notes.map(noteSection).filter((section) => section !== undefined);
  return `${[`## 노트 검증: ${html(runSummary(notes))}`, '', ...where, ...sections.flatMap((section) => ['', section])].join('\n')}\n`;
}
