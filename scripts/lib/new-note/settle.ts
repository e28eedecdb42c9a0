// An author lists pods "after a while" and pastes the table once everything ran: the state
// they saw is the state to wait for. For a block that only lists (`kubectl get …`), new-note
// derives `retry= until=` from the pasted table's settled states (READY 1/1 Running, an rc's
// DESIRED = CURRENT = READY), so the block records that state and not whatever the cluster
// shows a second after the `create` before it.
import type { Aliases } from '../../../src/lib/blocks/program.ts';
import { GLOBAL_VALUE_FLAGS, programWords, subcommandOf } from '../../../src/lib/blocks/program.ts';
import { commandsOf } from '../../../src/lib/blocks/shell-words.ts';
import type { TranscriptCommand } from '../../../src/lib/blocks/transcript.ts';
import { readTables, type Table } from '../../../src/lib/normalize/table.ts';

/** Columns that say how far an object got; a row is settled when they say it got there. */
const STATE_COLUMNS = new Set(['READY', 'STATUS', 'DESIRED', 'CURRENT', 'UP-TO-DATE', 'AVAILABLE', 'COMPLETIONS']);
/** Statuses that stay: a pod waited for shows them, and does not leave them by itself. */
const SETTLED_STATUS = new Set(['Running', 'Completed', 'Succeeded', 'Active', 'Bound', 'Ready']);
/** How long a listing may take to reach the pasted state: a pod's image pull on a fresh node. */
export const SETTLE_RETRY = '180s';

/** A listing that only reads, and never waits on its own (`-w`). */
function onlyLists(command: string, aliases: Aliases): boolean {
  const commands = commandsOf(command);
  return commands.length > 0 && commands.every((c) => {
    const [program, ...args] = programWords(c, aliases);
    return program === 'kubectl' && subcommandOf(args, GLOBAL_VALUE_FLAGS.kubectl ?? []).name === 'get' && !args.some((a) => /^(?:-w|--watch(?:-only)?)(?:=|$)/.test(a));
  });
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Is a row's state settled: full READY (n/n), a settled STATUS, counts that agree? */
function settled(cells: ReadonlyMap<string, string>): boolean {
  const ready = cells.get('READY');
  if (ready !== undefined && !(/^(\d+)\/\1$/.test(ready) || /^\d+$/.test(ready))) return false;
  const status = cells.get('STATUS');
  if (status !== undefined && !SETTLED_STATUS.has(status)) return false;
  const counts = ['DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE'].map((c) => cells.get(c)).filter((c) => c !== undefined && /^\d+$/.test(c));
  return counts.every((c) => c === counts[0]);
}

/** One row's pattern: every cell up to the last state column, the others as any word. */
function rowPattern(table: Table, row: Table['rows'][number]): string | undefined {
  const last = table.columns.findLastIndex((c) => STATE_COLUMNS.has(c.title));
  const cells = new Map(table.columns.map((c, i) => [c.title, row.cells[i]?.text ?? '']));
  if (last < 0 || !settled(cells)) return undefined;
  const parts = table.columns.slice(0, last + 1).map((c, i) => (STATE_COLUMNS.has(c.title) ? escaped(row.cells[i]?.text ?? '') : '\\S+'));
  if (parts.some((p) => p === '')) return undefined;
  return `^${parts.join('\\s+')}\\s`;
}

/**
 * ` retry=… until=/…/` for a transcript whose commands only list and whose pasted tables are
 * all settled (each row's pattern, as many times as the author's table has it), or ''.
 */
export function settleMeta(commands: readonly TranscriptCommand[], aliases: Aliases): string {
  if (!commands.length || !commands.every((c) => onlyLists(c.command, aliases))) return '';
  const counts = new Map<string, number>();
  for (const { pasted } of commands) {
    for (const table of readTables(pasted.split('\n'), (title) => STATE_COLUMNS.has(title))) {
      for (const row of table.rows.filter((r) => !r.rule)) {
        const pattern = rowPattern(table, row);
        if (!pattern) return '';
        counts.set(pattern, (counts.get(pattern) ?? 0) + 1);
      }
    }
  }
  if (!counts.size) return '';
  const ahead = [...counts].map(([pattern, n]) => (n === 1 ? `(?=[\\s\\S]*${pattern})` : `(?=(?:[\\s\\S]*?${pattern}){${n}})`));
  return ` retry=${SETTLE_RETRY} until=/${ahead.join('')}/`;
}

/** Clients that reach a server over the network. */
const CLIENTS = new Set(['curl', 'wget', 'nslookup', 'dig']);
/** How long a just-made path may take to answer: kube-proxy programming a Service, DNS, an external IP. */
export const REACH_RETRY = '30s';
/** Bounds `sh -c '… sh -c …'` nesting. */
const MAX_DEPTH = 4;

/** Does this command run a client, by itself, after `kubectl exec … --`, or in a `sh -c '…'`? */
function reaches(words: readonly string[], depth: number): boolean {
  const [program, ...args] = words;
  if (program === undefined || depth > MAX_DEPTH) return false;
  if (CLIENTS.has(program.replace(/^.*\//, ''))) return true;
  if (/^(?:ba|z|da)?sh$/.test(program)) {
    const script = args[args.indexOf('-c') + 1];
    return args.includes('-c') && script !== undefined && commandsOf(script).some((c) => reaches(programWords(c), depth + 1));
  }
  const dashes = args.indexOf('--');
  if (program === 'kubectl' && dashes >= 0 && subcommandOf(args.slice(0, dashes), GLOBAL_VALUE_FLAGS.kubectl ?? []).name === 'exec') return reaches(args.slice(dashes + 1), depth + 1);
  return false;
}

/**
 * ` retry=…` for a block whose commands reach a server (`curl`, `wget`, `nslookup`, `dig`), or ''.
 * The author ran it once the path answered; a run right after the `expose` before it may find
 * the path not ready yet (a Service's endpoints not programmed on that node): it tries again.
 */
export function reachMeta(commands: string, aliases: Aliases): string {
  return commandsOf(commands).some((c) => reaches(programWords(c, aliases), 0)) ? ` retry=${REACH_RETRY}` : '';
}
