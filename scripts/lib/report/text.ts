import { blockLocation } from '../../../src/lib/blocks/block.ts';
import type { Reporter } from './reporter-interface.ts';
import { endedBadly } from '../core/results.ts';
import { runSummary, STATUS_MARK } from './summary.ts';

const seconds = (ms: number | undefined) => (ms === undefined ? '' : ` (${(ms / 1000).toFixed(1)}s)`);

function indent(text: string, prefix = '    '): string {
  return text.split('\n').map((line) => `${prefix}${line}`).join('\n');
}

const FAILED_OUTPUT_LINES = 200;

/** The end of a failed block's output: where it failed is nearly always there. */
function lastLines(text: string): string {
  return text.trimEnd().split('\n').slice(-FAILED_OUTPUT_LINES).join('\n');
}

function excerptNote(text: string): string {
  const lines = text.trimEnd().split('\n').length;
  return lines > FAILED_OUTPUT_LINES ? ` (last ${FAILED_OUTPUT_LINES} of ${lines} lines; all of it is in --reporter json/junit)` : '';
}

/**
 * Human output: a line per block as it finishes. What a running block waits for is
 * wait-status.ts's line; given it as `stream`, every line here first clears that line.
 */
export function textReporter(stream: { write(text: string): unknown } = process.stderr, verbose = false): Reporter {
  return {
    blockFinished(result) {
      const { block, status, run } = result;
      if (status === 'skipped' && !verbose) return;
      const attempts = run && run.attempts > 1 ? `, ${run.attempts} attempts` : '';
      stream.write(`${STATUS_MARK[status]} ${blockLocation(block)} ${block.key} ${status}${seconds(run?.durationMs)}${attempts}${result.message && status !== 'passed' ? `: ${result.message}` : ''}\n`);
      if (result.diff) stream.write(`${indent(result.diff)}\n`);
      if (run?.omittedBytes) stream.write(`    warning: the output was longer than --max-output; ${run.omittedBytes} bytes in the middle are left out (head and tail kept)\n`);
      if (endedBadly(status) && run) stream.write(`    output${excerptNote(run.transcript)}:\n${indent(lastLines(run.transcript) || '(no output)', '      ')}\n`);
      if (result.diagnostics) stream.write(`    diagnostics:\n${indent(result.diagnostics, '      ')}\n`);
      if (result.hint) stream.write(`    hint: ${result.hint}\n`);
      else if (status === 'unrecorded' || status === 'stale') stream.write(`    hint: record it with \`npm run verify-notes -- --update --note ${block.source.replace(/^.*\/|\.mdx$/g, '')}\`\n`);
    },
    finish(notes) {
      for (const note of notes) {
        if (note.skipped) stream.write(`${STATUS_MARK.skipped} ${note.source} skipped (${note.skipped})${verbose ? `: ${note.blocks[0]?.message?.replace(/^skipped \(current\): /, '') ?? ''}` : ''}\n`);
        for (const notice of note.notices ?? []) stream.write(`ℹ ${note.source}: ${notice}\n`);
        for (const problem of note.problems) stream.write(`✗ ${note.source}: ${problem}\n`);
        if (note.written) stream.write(`● wrote ${note.written}\n`);
      }
      return `${runSummary(notes)}\n`;
    },
  };
}
