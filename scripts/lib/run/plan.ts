import type { Block } from '../../../src/lib/blocks/block.ts';
import type { Capability } from '../../../src/lib/blocks/meta.ts';
import { executionOrder } from '../../../src/lib/blocks/chain.ts';

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
  /**
   * --from ID (with --update, one note): the run blocks before ID run unchecked, ID and every
   * block after it are checked. The run still covers the whole note: resume.ts supplies the
   * recordings of the blocks before ID.
   */
  from?: string;
}

const within = (needs: readonly Capability[], allowed: readonly Capability[] | undefined) => allowed === undefined || needs.every((n) => allowed.includes(n));

/** Does the selection name this block (by id and needs)? */
export function selects(selection: Selection, block: Block): boolean {
  return (selection.blocks.length === 0 || selection.blocks.includes(block.key)) && within(block.meta.needs, selection.needs);
}

/** No --block, no --needs, no --from: the whole note. */
export function selectsAll(selection: Selection): boolean {
  return selection.blocks.length === 0 && selection.needs === undefined && selection.from === undefined;
}

/**
 * Which blocks of a note run, and how. A selected block always runs after everything the
 * note runs before it, so its output is the one the full note produces; when one of those
 * earlier blocks is ruled out by --needs, the selected block is skipped and the reason says
 * which block it depends on. Nothing is ever recorded out of its note's order.
 */
export function planNote(blocks: readonly Block[], selection: Selection): NotePlan {
  const ordered = executionOrder(blocks);
  const main = ordered.filter((b) => b.kind === 'run' && !b.meta.cleanup);
  const from = selection.from === undefined ? -1 : main.findIndex((b) => b.key === selection.from);
  const isSelected = (b: Block) => (from >= 0 ? main.indexOf(b) >= from : selects(selection, b));
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
  // Resuming runs every block too (those before --from unchecked): the session is the full note's.
  const full = main.every((b) => {
    const role = steps.find((s) => s.block === b)?.role.kind;
    return role === 'check' || (from >= 0 && role === 'prerequisite');
  });
  for (const block of ordered.filter((b) => b.kind === 'run' && b.meta.cleanup)) {
    // Cleanup runs whenever what it cleans up could have been made; it is compared only after a full run.
    const runnable = anyRuns && block.meta.needs.every((n) => needs.has(n));
    steps.push({ block, role: !runnable ? { kind: 'skip', reason: 'nothing it cleans up ran' } : full ? { kind: 'check' } : { kind: 'prerequisite' } });
  }
  return { steps, full, needs };
}

/**
 * The plan of a later run of a failed --update (reproduce.ts): as `plan`, but the run blocks
 * from `upTo` on are left out, so the run checks only what run 1 recorded before its failure;
 * cleanup still runs, unchecked, and leftovers are no fault of the note.
 */
export function planUpTo(plan: NotePlan, upTo: string): NotePlan {
  const at = plan.steps.findIndex(({ block }) => block.key === upTo);
  const steps = plan.steps.map((step, index): NotePlan['steps'][number] => {
    if (step.block.kind === 'run' && step.block.meta.cleanup) return step.role.kind === 'check' ? { ...step, role: { kind: 'prerequisite' } } : step;
    return index >= at && step.role.kind !== 'skip' && step.block.kind === 'run' ? { ...step, role: { kind: 'skip', reason: `this run repeats only the blocks before ${upTo}, where run 1 failed` } } : step;
  });
  return { ...plan, steps, full: false };
}
