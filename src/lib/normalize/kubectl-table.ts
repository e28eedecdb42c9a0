import type { Normalizer, Rewrite, RewriteContext } from './normalizer.ts';
import { linesOf, readTables, type Cell, type Column, type Table } from './table.ts';

/** Columns whose cells change with time alone, and what stands in their place. */
const VOLATILE_COLUMNS = new Map([
  ['AGE', '⟨age⟩'],
  ['Age', '⟨age⟩'],
  ['LAST SEEN', '⟨age⟩'],
  ['DURATION', '⟨duration⟩'],
  ['RESTARTS', '⟨restarts⟩'],
]);

/** The column whose cells `node` numbers (rows that share a node are grouped when sorted). */
export const NODE_COLUMN = 'NODE';

/**
 * The spaces the table has after the widest cell of a column (tabwriter's padding: 3 for
 * `kubectl get`, 2 for `kubectl describe`), so that a re-laid table looks like the printed one.
 */
function paddingOf(table: Table): number {
  const widths = table.columns.map((_, i) => Math.max(table.columns[i]?.title.length ?? 0, ...table.rows.map((r) => r.cells[i]?.text.length ?? 0)));
  const gaps = table.columns.slice(1).map((c, i) => c.start - (table.columns[i] as Column).start - (widths[i] as number));
  return Math.max(1, Math.min(3, ...gaps));
}

const ROW_ORDER = '표의 행은 이름의 무작위 부분에 따라 순서가 바뀌므로, 비교할 때는 행을 정렬합니다: 비교에 쓰는 형태에서는 이 자리에 다른 행이 옵니다';

/** A line of the table as the comparison form has it: its cells (masked) at the new column starts. */
interface Laid {
  line: number;
  cells: readonly Cell[];
  texts: readonly string[];
  rule?: boolean;
}

/** The changes that turn `line` (cells at `cells`) into `texts` at `starts`, offsets in the line. */
function lineChanges(line: string, cells: readonly Cell[], texts: readonly string[], starts: readonly number[]): Rewrite[] {
  const changes: Rewrite[] = [];
  let width = 0;
  let previousEnd = 0;
  cells.forEach((cell, i) => {
    if (cell.text === '') return;
    const text = texts[i] as string;
    const gap = ' '.repeat((starts[i] as number) - width);
    if (line.slice(previousEnd, cell.start) !== gap) changes.push({ start: previousEnd, end: cell.start, text: gap, layout: true });
    if (text !== cell.text) changes.push({ start: cell.start, end: cell.start + cell.text.length, text });
    width = (starts[i] as number) + text.length;
    previousEnd = cell.start + cell.text.length;
  });
  if (previousEnd < line.length) changes.push({ start: previousEnd, end: line.length, text: '', layout: true });
  return changes;
}

/** The line as `lineChanges` leaves it. */
function laidOut(texts: readonly string[], starts: readonly number[]): string {
  let line = '';
  texts.forEach((text, i) => {
    if (text !== '') line = line.padEnd(starts[i] as number) + text;
  });
  return line;
}

/**
 * The order the comparison form lists the rows in: by the row as the later normalisers leave
 * it (names with their random parts masked, numbers left out), so the order does not depend
 * on the random parts; then rows on a node shared by more rows first, and rows of one node
 * together, so that numbering nodes in this order gives the same numbers for the same spread.
 */
function sortedRows(rows: readonly Laid[], header: string, starts: readonly number[], node: number, context: RewriteContext): number[] {
  const keys = rows.map((row) => context.later(`${header}\n${laidOut(row.texts, starts)}`).replace(/^.*\n/, '').replace(/ {2,}/g, '  '));
  const nodeOf = (i: number) => (node < 0 ? '' : ((rows[i] as Laid).texts[node] as string));
  const rowsOn = new Map<string, number>();
  rows.forEach((_, i) => rowsOn.set(nodeOf(i), (rowsOn.get(nodeOf(i)) ?? 0) + 1));
  const sharing = (i: number) => rowsOn.get(nodeOf(i)) as number;
  const before = (a: number, b: number) => ((keys[a] as string) < (keys[b] as string) ? -1 : (keys[a] as string) > (keys[b] as string) ? 1 : sharing(b) - sharing(a) || (nodeOf(a) < nodeOf(b) ? -1 : nodeOf(a) > nodeOf(b) ? 1 : 0));
  return rows.map((_, i) => i).sort(before);
}

/** The changes for one table: volatile cells masked, every line re-laid, rows sorted. Offsets in the match. */
function tableChanges(table: Table, lines: readonly string[], lineStarts: readonly number[], context: RewriteContext): Rewrite[] {
  const { columns } = table;
  const mask = (cells: readonly Cell[]) => cells.map((cell, i) => (cell.text !== '' && VOLATILE_COLUMNS.get((columns[i] as Column).title)) || cell.text);
  const headerCells = columns.map((c) => ({ start: c.start, text: c.title }));
  const header: Laid = { line: table.header, cells: headerCells, texts: columns.map((c) => c.title) };
  const rows: Laid[] = table.rows.map((row) => (row.rule ? { line: row.line, cells: row.cells, texts: row.cells.map((c) => c.text), rule: true } : { line: row.line, cells: row.cells, texts: mask(row.cells) }));
  const padding = paddingOf(table);
  // Column starts from the widths the comparison form has: a wider or narrower volatile cell moves nothing.
  const starts: number[] = [];
  columns.forEach((column, i) => {
    const width = (j: number) => Math.max(...[header, ...rows].map((l) => (l.texts[j] ?? '').length));
    starts.push(i === 0 ? column.start : (starts[i - 1] as number) + width(i - 1) + padding);
  });
  const data = rows.filter((row) => !row.rule);
  // Under a rule (`kubectl describe`'s Events) rows are in the order things happened, not by name.
  const order = data.length >= 2 && data.length === rows.length ? sortedRows(data, laidOut(header.texts, starts), starts, columns.findIndex((c) => c.title === NODE_COLUMN), context) : data.map((_, i) => i);
  const changes: Rewrite[] = [];
  const place = (laid: Laid, changed: Rewrite[]) => changes.push(...changed.map((c) => ({ ...c, start: (lineStarts[laid.line] as number) + c.start, end: (lineStarts[laid.line] as number) + c.end })));
  place(header, lineChanges(lines[header.line] as string, header.cells, header.texts, starts));
  let slot = 0;
  for (const row of rows) {
    if (row.rule) {
      place(row, lineChanges(lines[row.line] as string, row.cells, row.texts, starts));
      continue;
    }
    const moved = data[order[slot++] as number] as Laid;
    const line = lines[row.line] as string;
    if (moved === row) place(row, lineChanges(line, row.cells, row.texts, starts));
    else place(row, [{ start: 0, end: line.length, text: laidOut(moved.texts, starts), description: ROW_ORDER }]);
  }
  return changes;
}

/**
 * kubectl tables, every one of an output by its own header: the AGE / LAST SEEN / DURATION /
 * RESTARTS cells change with time alone and become placeholders; every line is laid out again
 * from the masked widths, so a wider or narrower volatile cell shifts nothing; and the rows of
 * a list are compared in an order that does not depend on the random parts of their names.
 */
export const kubectlTableColumns: Normalizer = {
  name: 'kubectl-age',
  placeholder: '⟨age⟩',
  description: 'kubectl 표의 AGE·LAST SEEN·DURATION·RESTARTS 칸은 시간이 지나기만 해도 바뀌므로 비교하지 않습니다 (표는 머리줄의 칸 위치로 읽고, 목록의 행은 이름의 무작위 부분과 상관없이 정렬해 비교합니다)',
  // From a header that names a volatile column to the end of its paragraph; the rewrite reads every table in it.
  pattern: /^[ \t]*(?:\S.*)?\b(?:AGE|Age|LAST SEEN|DURATION|RESTARTS)\b.*(?:\n[ \t]*\S.*)*/gm,
  rewrite: (match, _groups, context) => {
    const { lines, starts: lineStarts } = linesOf(match);
    return readTables(lines, (title) => VOLATILE_COLUMNS.has(title)).flatMap((table) => tableChanges(table, lines, lineStarts, context));
  },
};
