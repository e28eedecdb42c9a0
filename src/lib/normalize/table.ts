/**
 * Tables as kubectl and docker print them, read by their header's column positions. Both
 * left-align every column (Go's tabwriter): a cell starts where its header starts, so a cell
 * may hold single spaces ("Up 2 minutes", "2 (3m ago)") and may be blank (a label column of
 * `kubectl get po -L env` for a pod without the label). Pure reading: what to do with the
 * cells is the caller's.
 */

/** A column: its title in the header and where its cells start in the line. */
export interface Column {
  title: string;
  start: number;
}

/** A cell of a row: where it starts in the line and its text ('' when blank). */
export interface Cell {
  start: number;
  text: string;
}

export interface TableRow {
  /** Index of the row's line in the lines read. */
  line: number;
  /** One cell a column, in column order. */
  cells: Cell[];
  /** A rule under the header (`----  ------`, as `kubectl describe` prints): not data. */
  rule?: boolean;
}

export interface Table {
  /** Index of the header's line. */
  header: number;
  columns: Column[];
  rows: TableRow[];
}

/** A match split into lines, with where each line starts in it. */
export function linesOf(text: string): { lines: string[]; starts: number[] } {
  const lines = text.split('\n');
  const starts: number[] = [];
  lines.reduce((at, line) => (starts.push(at), at + line.length + 1), 0);
  return { lines, starts };
}

/** A header cell: words that start with a capital (`NAME`, `LAST SEEN`, `PORT(S)`, `Age`). */
const HEADER_CELL = /^[A-Z][\w.:/()%-]*(?: [\w.:/()%-]+)*$/;

/** Runs of text in a line, apart by two or more spaces: how a line looks before we know its columns. */
function runsOf(line: string): Cell[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ start: m.index, text: m[0] }));
}

/** The line's columns if it looks like a header: two or more titles. */
function headerShaped(line: string): Column[] | undefined {
  const cells = runsOf(line);
  if (cells.length < 2 || !cells.every((c) => HEADER_CELL.test(c.text))) return undefined;
  return cells.map((c) => ({ title: c.text, start: c.start }));
}

/**
 * The line's cells under the columns: every cell starts at its column (after at least two
 * spaces) or is blank there. A line that is not laid out this way may still be a row printed
 * apart from the table (`kubectl get -w` prints each change with its own widths): then it
 * must split into exactly one run of text a column.
 */
function cellsUnder(line: string, columns: readonly Column[]): Cell[] | undefined {
  const first = columns[0] as Column;
  if (line.slice(0, first.start).trim() !== '' || /^\s?$/.test(line[first.start] ?? '')) return undefined;
  const cells: Cell[] = [];
  for (const [i, column] of columns.entries()) {
    const end = columns[i + 1]?.start ?? Infinity;
    const slice = line.slice(column.start, end);
    const text = slice.trimEnd();
    const last = i === columns.length - 1;
    // Not a cell of this column: it starts inside it, after less than two spaces, or runs into the next (the last one may hold anything).
    if (text !== '' && (/^\s/.test(slice) || (i > 0 && line.slice(column.start - 2, column.start) !== '  ') || (!last && /\S {2}/.test(text)))) return fallback(line, columns);
    cells.push({ start: column.start, text });
  }
  return cells;
}

function fallback(line: string, columns: readonly Column[]): Cell[] | undefined {
  const runs = runsOf(line);
  return runs.length === columns.length ? runs : undefined;
}

/**
 * Every table in the lines, each read by its own header: a table starts at a header line (one
 * that `wanted` accepts) and takes the lines after it while they are its rows; a blank line,
 * a line of other text or the next header ends it.
 */
export function readTables(lines: readonly string[], wanted: (title: string) => boolean): Table[] {
  const tables: Table[] = [];
  let current: Table | undefined;
  for (const [index, line] of lines.entries()) {
    const columns = headerShaped(line);
    // Any header ends the table before it (a row of kubectl's starts with a lowercase name or a number); a wanted one starts the next.
    if (columns) {
      current = columns.some((c) => wanted(c.title)) ? { header: index, columns, rows: [] } : undefined;
      if (current) tables.push(current);
      continue;
    }
    if (!current) continue;
    if (/^[ \t]*-[\s-]*$/.test(line) && current.rows.length === 0) {
      current.rows.push({ line: index, cells: cellsUnder(line, current.columns) ?? [], rule: true });
      continue;
    }
    const cells = line.trim() === '' ? undefined : cellsUnder(line, current.columns);
    if (cells && cells.filter((c) => c.text !== '').length >= 2) current.rows.push({ line: index, cells });
    else current = undefined;
  }
  return tables;
}
