// How a transcript block runs command by command in one shell (its variables, `cd` and
// functions carry on from command to command, as in the author's terminal): each command
// starts with a mark that the prelude's `__kn_mark` prints with the status of the command
// before it. The mark carries a random nonce, so nothing a command prints can forge one.
import { randomBytes } from 'node:crypto';

export interface MarkedOutput {
  /** What was printed after each command that started, in order (the first also gets what came before it). */
  outputs: string[];
  /** Each started command's status: from the mark after it, or the shell's own for the last one. */
  exitCodes: number[];
}

export const newNonce = () => randomBytes(8).toString('hex');

/**
 * The block's script: every command on its own lines as typed, its first line led by its
 * mark (so a shell error's line number is still the command's line in the block), and the
 * end mark on a line after the last.
 */
export function markedScript(commands: readonly string[], nonce: string): string {
  return `${commands.map((command, i) => `__kn_mark ${nonce} ${i}; ${command}`).join('\n')}\n__kn_mark ${nonce} end`;
}

/**
 * Splits a marked run's output. A command whose mark is missing (left out by --max-output's
 * bound, or never reached) has no output of its own; the shell's exit status is the status of
 * the last command that started, which is the one that ended the block when it failed.
 */
export function splitMarked(output: string, nonce: string, count: number, shellExit: number): MarkedOutput {
  const mark = new RegExp(`\\x1ekn:${nonce}:(\\d+|end):(\\d+)\\x1e\\n`, 'g');
  const outputs: string[] = [];
  const exitCodes: number[] = [];
  let from = 0;
  let current = -1;
  let leading = '';
  for (const match of output.matchAll(mark)) {
    const text = output.slice(from, match.index);
    if (current < 0) leading = text;
    else outputs[current] = (outputs[current] ?? '') + text;
    if (current >= 0) exitCodes[current] = Number(match[2]);
    from = match.index + match[0].length;
    if (match[1] === 'end') {
      current = -2;
      break;
    }
    current = Math.min(Number(match[1]), count - 1);
    outputs[current] = current === 0 ? leading : '';
  }
  // No mark at all: the shell ended before the first command (its prelude failed).
  if (current === -1) return { outputs: [output], exitCodes: [shellExit] };
  if (current >= 0) {
    outputs[current] = (outputs[current] ?? '') + output.slice(from);
    exitCodes[current] = shellExit;
  }
  const started = current === -2 ? count : current + 1;
  return { outputs: Array.from({ length: started }, (_, i) => outputs[i] ?? ''), exitCodes: Array.from({ length: started }, (_, i) => exitCodes[i] ?? 0) };
}
