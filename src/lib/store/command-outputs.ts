// A transcript block (src/lib/blocks/transcript.ts) is recorded command by command: each
// command's own output and exit status, secrets masked and normalised on its own. The block's
// `transcript` and `normalized` are then one text made of them (`joinedOutput`), so what compares,
// reproduces, reports and scans a block's output reads a transcript block the same way, and
// a diff names the command whose output changed.
import { normalizeTranscript } from '../normalize/index.ts';
import type { CommandOutput, Mask } from './schema.ts';

/** How the joined text shows a command: as typed at a `$ ` prompt, continuation lines at `> `. */
export const commandHeader = (command: string) => `$ ${command.split('\n').join('\n> ')}`;

/** The block's one text of its commands' outputs (`transcript` or `normalized`), each under its command. */
export function joinedOutput(commands: readonly CommandOutput[], field: 'transcript' | 'normalized'): string {
  return commands
    .map((c) => {
      const output = c[field];
      const status = c.exitCode === 0 ? '' : `(exit ${c.exitCode})\n`;
      return `${commandHeader(c.command)}\n${output}${output === '' || output.endsWith('\n') ? '' : '\n'}${status}`;
    })
    .join('');
}

/** Masks of several outputs as one list: the same placeholder counted once with the counts added. */
export function mergedMasks(lists: ReadonlyArray<readonly Mask[]>): Mask[] {
  const merged = new Map<string, Mask>();
  for (const mask of lists.flat()) {
    const key = `${mask.name}\u0000${mask.placeholder}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, count: seen.count + mask.count } : { ...mask });
  }
  return [...merged.values()];
}

/** Each command's comparison form made again from its stored transcript (--renormalize, the currency check). */
export function renormalizedCommands(commands: readonly CommandOutput[], normalize: readonly string[]): { commands: CommandOutput[]; masks: Mask[] } {
  const made = commands.map((c) => ({ command: c, normalized: normalizeTranscript(c.transcript, normalize) }));
  return { commands: made.map(({ command, normalized }) => ({ ...command, normalized: normalized.text })), masks: mergedMasks(made.map(({ normalized }) => normalized.masks)) };
}

/** What the normalisers make of a recording's stored transcript: per command for a transcript block. */
export function comparisonFormOf(recording: { transcript: string; commands?: readonly CommandOutput[] | undefined }, normalize: readonly string[]): { normalized: string; masks: Mask[]; commands?: CommandOutput[] } {
  if (!recording.commands) {
    const { text, masks } = normalizeTranscript(recording.transcript, normalize);
    return { normalized: text, masks };
  }
  const { commands, masks } = renormalizedCommands(recording.commands, normalize);
  return { normalized: joinedOutput(commands, 'normalized'), masks, commands };
}

/** Is a recording's joined transcript still made of its commands (not edited by hand)? */
export const joinedConsistently = (recording: { transcript: string; commands?: readonly CommandOutput[] | undefined }) => !recording.commands || joinedOutput(recording.commands, 'transcript') === recording.transcript;
