import { blockLocation, type Block } from '../../../src/lib/blocks/block.ts';
import type { TranscriptCommand } from '../../../src/lib/blocks/transcript.ts';
import type { CommandOutput, RunRecording } from '../../../src/lib/store/schema.ts';
import type { BlockRun } from '../run/block-run.ts';
import type { BlockContext } from './block-context.ts';
import { READER_LABEL, volatileSpans, type ReaderVerdict } from './reader-verdict.ts';

/**
 * What follow prints, as text. With `color` (a terminal) volatile values are underlined as
 * the page marks them; without (a pipe, CI) the output stays byte for byte what ran and the
 * values are listed under it.
 */
export interface Style {
  color: boolean;
}

const ansi = (style: Style, code: string, text: string) => (style.color ? `\x1b[${code}m${text}\x1b[0m` : text);
const indent = (text: string, prefix = '  ') => text.split('\n').map((line) => `${prefix}${line}`).join('\n');

const MAX_LINES = 60;

/** A transcript with its volatile stretches underlined; long outputs keep head and tail. */
export function markedOutput(transcript: string, block: Block, style: Style): string {
  if (transcript.trim() === '') return ansi(style, '2', '(출력 없음)');
  let text = transcript.replace(/\n$/, '');
  if (style.color) {
    // From the end, so earlier offsets stay valid.
    for (const span of volatileSpans(transcript, block).reverse()) {
      const value = text.slice(span.start, span.end);
      text = `${text.slice(0, span.start)}${value.split('\n').map((part) => (part ? ansi(style, '4;36', part) : part)).join('\n')}${text.slice(span.end)}`;
    }
  }
  const lines = text.split('\n');
  if (lines.length <= MAX_LINES) return text;
  return [...lines.slice(0, MAX_LINES / 2), ansi(style, '2', `… ${lines.length - MAX_LINES}줄 생략 …`), ...lines.slice(-MAX_LINES / 2)].join('\n');
}

/** What kinds of volatile value a transcript holds: what the underlines mean. */
function volatileLegend(transcript: string, block: Block, style: Style): string | undefined {
  const names = [...new Set(volatileSpans(transcript, block).map((span) => span.description))];
  if (!names.length) return undefined;
  return ansi(style, '2', style.color ? `   (밑줄: 실행할 때마다 바뀌는 값 — ${names.join(', ')})` : `   (실행할 때마다 바뀌는 값: ${names.join(', ')})`);
}

/** A command as typed at its prompt, its further lines at `> `. */
const typed = (prompt: string, command: string) => `${prompt}${command.replace(/\n$/, '').split('\n').join('\n> ')}`;

/** What the reader would type: a transcript block's commands at their own prompts (never the pasted lines), any other block at `$ `. */
function typedCommands(block: Block): string {
  return block.transcript ? block.transcript.map((command) => typed(command.prompt, command.command)).join('\n') : typed('$ ', block.code);
}

/** Before a block: where it stands, the student's line, the command. */
export function blockHeader(block: Block, context: BlockContext, style: Style): string {
  const lines = [
    ansi(style, '1', `━━ ${context.headings.join(' › ') || block.source}`),
    ansi(style, '2', `   ${blockLocation(block)} · ${block.key}${block.meta.background ? ' · 백그라운드' : ''}`),
    ...(context.lineBefore ? [`   “${context.lineBefore}”`] : []),
    indent(typedCommands(block), '   '),
  ];
  return `${lines.join('\n')}\n`;
}

export const PROMPT = '   [Enter] 실행 · [s] 건너뛰기 · [q] 그만두기 › ';

const when = (recording: RunRecording) => recording.recordedAt.slice(0, 10);
const recordedOn = (recording: RunRecording) =>
  [when(recording), recording.environment.kubernetes && `Kubernetes ${recording.environment.kubernetes.server}`, recording.environment.docker && `Docker ${recording.environment.docker.server}`].filter(Boolean).join(', ');

const MARK: Record<ReaderVerdict['kind'], string> = { same: '✓', volatile: '≈', differs: '✗', broken: '✗', failed: '✗', unrecorded: '?', stale: '?', skipped: '·', 'not-run': '-', interrupted: '-', cleanup: '·' };
const COLOR: Record<ReaderVerdict['kind'], string> = { same: '32', volatile: '32', differs: '33', broken: '31', failed: '31', unrecorded: '33', stale: '33', skipped: '2', 'not-run': '2', interrupted: '33', cleanup: '2' };

/** One output under its title, volatile values marked, with what the marks mean. */
function titledOutput(title: string, text: string, block: Block, style: Style): string[] {
  const legend = volatileLegend(text, block, style);
  return [ansi(style, '1', `   ── ${title}`), indent(markedOutput(text, block, style), '   │ '), ...(legend ? [legend] : [])];
}

const exitLine = (exitCode: number) => `   (exit ${exitCode})`;

/**
 * A transcript block, command by command: each command, the reader's output, the recorded one
 * (or, with none recorded, what the author pasted under it in the note) and whether they match.
 */
function commandOutcomes(block: Block, commands: readonly TranscriptCommand[], ran: readonly CommandOutput[], recorded: RunRecording | undefined, style: Style): string[] {
  const then = recorded?.commands?.length === commands.length ? recorded.commands : undefined;
  const parts = then ? [ansi(style, '2', `   기록: ${recordedOn(recorded!)}`)] : [];
  commands.forEach((command, i) => {
    const now = ran[i];
    const before = then?.[i];
    const same = now && before ? (now.exitCode !== before.exitCode ? READER_LABEL.broken : now.normalized !== before.normalized ? READER_LABEL.differs : now.transcript === before.transcript ? READER_LABEL.same : READER_LABEL.volatile) : undefined;
    parts.push(ansi(style, '1', `   ${typed(command.prompt, command.command).split('\n').join('\n   ')}${same ? `   [${same}]` : ''}`));
    if (!now) {
      parts.push(ansi(style, '2', '   (실행되지 않음)'));
      return;
    }
    parts.push(...titledOutput('내 출력', now.transcript, block, style), ...(now.exitCode ? [exitLine(now.exitCode)] : []));
    if (before) parts.push(...titledOutput('기록된 출력', before.transcript, block, style), ...(before.exitCode ? [exitLine(before.exitCode)] : []));
    else if (command.pasted) parts.push(...titledOutput('노트에 붙여 둔 출력 (기록 없음)', `${command.pasted}\n`, block, style));
  });
  return parts;
}

/** After a block: the reader's output, the recorded one under it (a transcript's command by command), the verdict. */
export function blockOutcome(block: Block, verdict: ReaderVerdict, run: Pick<BlockRun, 'transcript' | 'commands'> | undefined, recorded: RunRecording | undefined, style: Style): string {
  const parts: string[] = [];
  if (run && block.transcript && run.commands) parts.push(...commandOutcomes(block, block.transcript, run.commands, recorded, style));
  else if (run) {
    parts.push(...titledOutput('내 출력', run.transcript, block, style));
    if (recorded) parts.push(...titledOutput(`기록된 출력 (${recordedOn(recorded)})`, recorded.transcript, block, style));
  }
  parts.push(ansi(style, COLOR[verdict.kind], `   ${MARK[verdict.kind]} ${verdict.label}`));
  for (const detail of verdict.details) parts.push(`     ${detail}`);
  if (verdict.diff) parts.push(indent(verdict.diff, '     '));
  return `${parts.join('\n')}\n\n`;
}
