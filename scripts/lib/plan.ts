import type { Block } from '../../src/lib/blocks/block.ts';
import type { Capability } from '../../src/lib/blocks/meta.ts';
import { executionOrder } from '../../src/lib/blocks/chain.ts';

/**
 * What a run does with one block of a note:
 * - check: run it, compare with (or, with --update, record) its output;
 * - prerequisite: run it only so that a selected block later in the note finds the session
 *   state it has in the full note; it must succeed, its output is neither compared nor recorded;
 * - skip: not run, with the reason.
 */
export type Role = { kind: 'check' } | { kind: 'prerequisite' } | { kind: 'skip'; reason: string };

export interface NotePlan {
  /** Blocks in execution order (file blocks included, cleanup blocks last) with their role. */
  steps: Array<{ block: Block; role: Role }>;
  /** Every non-cleanup run block is checked: cleanup output is compared and orphans may be dropped. */
  full: boolean;
  /** Capabilities the blocks that run need. */
  needs: Set<Capability>;
}

export interface Selection {
  /** --block ids; empty means all. */
  blocks: readonly string[];
  /** --needs: only blocks needing nothing beyond these; undefined means no restriction. */
  needs?: readonly Capability[];
}

const within = (needs: readonly Capability[], allowed: readonly Capability[] | undefined) => allowed === undefined || needs.every((n) => allowed.includes(n));

/** Does the selection name this block (by id and needs)? */
export function selects(selection: Selection, block: Block): boolean {
  return (selection.blocks.length === 0 || selection.blocks.includes(block.key)) && within(block.meta.needs, selection.needs);
}

/** No --block, no --needs: the whole note. */
export function selectsAll(selection: Selection): boolean {
  return selection.blocks.length === 0 && selection.needs === undefined;
}

/**
 * Which blocks of a note run, and how. A selected block always runs after everything the
 * note runs before it, so its output is the one the full note produces; when one of those
 * earlier blocks is ruled out by --needs, the selected block is skipped and the reason says
 * which block it depends on. Nothing is ever recorded out of its note's order.
 */
export function planNote(blocks: readonly Block[], selection: Selection): NotePlan {
  const ordered = executionOrder(blocks);
  const isSelected = (b: Block) => selects(selection, b);
  const main = ordered.filter((b) => b.kind === 'run' && !b.meta.cleanup);
  const lastSelected = main.findLastIndex(isSelected);
  const steps: NotePlan['steps'] = [];
  const needs = new Set<Capability>();
  let anyRuns = false;
  let blocker: Block | undefined;
  for (const block of ordered) {
    if (block.kind === 'file') {
      steps.push({ block, role: lastSelected >= 0 ? { kind: 'prerequisite' } : { kind: 'skip', reason: 'nothing selected' } });
      continue;
    }
    if (block.meta.cleanup) continue;
    const index = main.indexOf(block);
    let role: Role;
    if (index > lastSelected) role = { kind: 'skip', reason: 'filtered out' };
    else if (blocker) role = { kind: 'skip', reason: `${blocker.key} (line ${blocker.line}) runs before it and needs ${blocker.meta.needs.join(',')}, which --needs leaves out` };
    else if (isSelected(block)) role = { kind: 'check' };
    else if (within(block.meta.needs, selection.needs)) role = { kind: 'prerequisite' };
    else {
      blocker = block;
      role = { kind: 'skip', reason: 'filtered out' };
    }
    if (role.kind !== 'skip') {
      anyRuns = true;
      block.meta.needs.forEach((n) => needs.add(n));
    }
    steps.push({ block, role });
  }
  const full = main.every((b) => steps.find((s) => s.block === b)?.role.kind === 'check');
  for (const block of ordered.filter((b) => b.kind === 'run' && b.meta.cleanup)) {
    // Cleanup runs whenever what it cleans up could have been made; it is compared only after a full run.
    const runnable = anyRuns && block.meta.needs.every((n) => needs.has(n));
    steps.push({ block, role: !runnable ? { kind: 'skip', reason: 'nothing it cleans up ran' } : full ? { kind: 'check' } : { kind: 'prerequisite' } });
  }
  return { steps, full, needs };
}
