import type { Normalizer, Rewrite } from './normalizer.ts';

// Kubernetes' generated suffixes use an alphabet without vowels (and without 0, 1, 3),
// so ordinary words such as "kubia-notes" or "kube-proxy" never match.
const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]';

export const podHash: Normalizer = {
  name: 'pod-hash',
  numbered: true,
  placeholder: '⟨hash⟩',
  description: '컨트롤러가 만든 파드 이름의 끝부분(예: kubia-⟨hash⟩)은 파드마다 무작위입니다',
  pattern: new RegExp(`\\b([a-z0-9]+(?:-[a-z0-9]+)*?)-(?:${SUFFIX}{8,10}-)?${SUFFIX}{5}\\b`, 'g'),
  replace: '$1-⟨hash⟩',
};

export const uid: Normalizer = {
  name: 'uid',
  numbered: true,
  placeholder: '⟨uid⟩',
  description: '오브젝트의 UID는 만들 때마다 새로 정해집니다',
  pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
};

export const resourceVersion: Normalizer = {
  name: 'resource-version',
  placeholder: '⟨version⟩',
  description: 'resourceVersion은 클러스터의 변경 횟수에 따라 달라집니다',
  // YAML (resourceVersion: "123") and JSON ("resourceVersion": "123").
  pattern: /(resourceVersion"?:\s*"?)\d+/g,
  replace: '$1⟨version⟩',
};

const VOLATILE_COLUMNS = new Map([
  ['AGE', '⟨age⟩'],
  ['Age', '⟨age⟩'],
  ['LAST SEEN', '⟨age⟩'],
  ['RESTARTS', '⟨restarts⟩'],
]);

interface Cell {
  start: number;
  text: string;
}

/** Cells of a kubectl table row: runs of text separated by two or more spaces. */
function cellsOf(line: string): Cell[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ start: m.index ?? 0, text: m[0] }));
}

/**
 * One row with its volatile cells masked and every cell re-aligned under the header, so the
 * row no longer depends on the old cells' widths: the changes, offsets in `body` (the row
 * after the table's indent). A row that is not a row of this table is left alone.
 */
function rowChanges(body: string, headerCells: readonly Cell[], volatile: ReadonlyMap<number, string>): Rewrite[] {
  if (!body.trim() || /^[\s-]+$/.test(body)) return [];
  const cells = cellsOf(body);
  if (cells.length !== headerCells.length) return [];
  const changes: Rewrite[] = [];
  const at = (i: number) => headerCells[i]?.start ?? 0;
  let width = 0;
  let previousEnd = 0;
  cells.forEach((cell, i) => {
    const gap = i > 0 && width + 2 > at(i) ? '  ' : ' '.repeat(Math.max(0, at(i) - width));
    if (body.slice(previousEnd, cell.start) !== gap) changes.push({ start: previousEnd, end: cell.start, text: gap, layout: true });
    const text = volatile.get(i) ?? cell.text;
    if (text !== cell.text) changes.push({ start: cell.start, end: cell.start + cell.text.length, text });
    width += gap.length + text.length;
    previousEnd = cell.start + cell.text.length;
  });
  if (previousEnd < body.length) changes.push({ start: previousEnd, end: body.length, text: '', layout: true });
  return changes;
}

/**
 * kubectl tables: the AGE / LAST SEEN / RESTARTS columns change with time alone, so their
 * cells become placeholders (by column position under the header) and the rest is compared.
 */
export const kubectlTableColumns: Normalizer = {
  name: 'kubectl-age',
  placeholder: '⟨age⟩',
  description: 'kubectl 표의 AGE·RESTARTS 칸은 시간이 지나기만 해도 바뀌므로 비교하지 않습니다',
  pattern: /^([ \t]*)(\S.*\b(?:AGE|Age|LAST SEEN|RESTARTS)\b.*)\n((?:\1\S.*(?:\n|$))+)/gm,
  rewrite: (_match, indent = '', header = '', rows = '') => {
    const headerCells = cellsOf(header);
    const volatile = new Map(headerCells.flatMap((cell, index) => (VOLATILE_COLUMNS.has(cell.text) ? [[index, VOLATILE_COLUMNS.get(cell.text) as string] as const] : [])));
    const changes: Rewrite[] = [];
    let rowStart = indent.length + header.length + 1;
    for (const row of rows.split('\n')) {
      const bodyStart = rowStart + indent.length;
      for (const change of rowChanges(row.slice(indent.length), headerCells, volatile)) changes.push({ ...change, start: bodyStart + change.start, end: bodyStart + change.end });
      rowStart += row.length + 1;
    }
    return changes;
  },
};

export const klog: Normalizer = {
  name: 'klog',
  placeholder: '',
  description: 'kubectl이 stderr에 남긴 klog 진단 줄(예: "Unknown stream id … discarding message")은 실행마다 나타났다 말았다 해서 비교에서 뺐습니다 (transcript에는 남아 있습니다)',
  pattern: /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+ +\d+ [\w.-]+:\d+\] .*(?:\n|$)/gm,
};
