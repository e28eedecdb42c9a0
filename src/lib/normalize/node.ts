import { NODE_COLUMN } from './kubectl-table.ts';
import type { Normalizer, Rewrite } from './normalizer.ts';
import { linesOf, readTables } from './table.ts';

/**
 * The node the scheduler picked for a pod: the NODE column of `kubectl get po -o wide`, the
 * `nodeName` of a pod's YAML or JSON, the `Node:` line of `kubectl describe pod`. Which worker
 * a pod lands on changes from run to run, but which pods share a node is what a note shows,
 * so nodes are numbered (⟨node-1⟩, ⟨node-2⟩ in order of first appearance) rather than
 * dropped: "pods on two nodes" still differs from "pods on one". The node list itself
 * (`kubectl get nodes`, NAME) is the cluster's shape and stays as it is.
 */
export const node: Normalizer = {
  name: 'node',
  numbered: true,
  placeholder: '⟨node⟩',
  description:
    '스케줄러가 파드를 어느 노드에 놓는지는 실행마다 다를 수 있어, 파드의 NODE 칸·nodeName·Node: 값은 처음 나온 순서대로 번호를 붙여 비교합니다(같은 노드는 같은 번호: 파드들이 한 노드에 있는지 여러 노드에 나뉘었는지는 비교합니다). kubectl get nodes의 노드 목록은 그대로 비교합니다',
  // A table whose header names NODE (to the end of its paragraph), a nodeName field, describe's Node: line.
  pattern: /^[ \t]*(?:\S.*)?\bNODE\b.*(?:\n[ \t]*\S.*)*|\bnodeName"?:[ \t]*"?([\w.-]+)|^Node:[ \t]+([\w.-]+)/gm,
  rewrite: (match, [field = '', described = '']) => {
    const value = field || described;
    if (value) return [{ start: match.length - value.length, end: match.length, text: '⟨node⟩', value }];
    const { lines, starts: lineStarts } = linesOf(match);
    const changes: Rewrite[] = [];
    for (const table of readTables(lines, (title) => title === NODE_COLUMN)) {
      const column = table.columns.findIndex((c) => c.title === NODE_COLUMN);
      for (const row of table.rows) {
        const cell = row.cells[column];
        // <none>: a pod not scheduled yet.
        if (!cell || cell.text === '' || cell.text.startsWith('<')) continue;
        const start = (lineStarts[row.line] as number) + cell.start;
        changes.push({ start, end: start + cell.text.length, text: '⟨node⟩', value: cell.text });
      }
    }
    return changes;
  },
};
