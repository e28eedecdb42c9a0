import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Block } from '../../../src/lib/blocks/block.ts';
import { blockLocation } from '../../../src/lib/blocks/block.ts';
import type { NoteRecording } from '../../../src/lib/store/schema.ts';
import { BACKGROUND_READY_TIMEOUT_MS, recordableOutput, runBlock, type BlockRun } from './block-run.ts';
import { randomBytes } from 'node:crypto';
import { endedBadly, type BlockResult, type NoteResult } from '../core/results.ts';
import { startBackground, type BackgroundProcess } from './shell.ts';
import type { Reporter } from '../report/reporter.ts';
import type { WaitStatus } from './wait-status.ts';
import type { KubeTarget } from '../kubernetes/kubernetes.ts';
import { RESOURCES, type SessionResource } from './resources/index.ts';
import { killProcesses, lastPid, markedProcesses } from '../core/process-markers.ts';
import { runnerTag } from '../core/runner-id.ts';
import { runnerTempDir } from '../core/temp-dirs.ts';
import { CAPABILITIES } from '../../../src/lib/blocks/meta.ts';
import { aliasPrelude } from '../../../src/lib/blocks/note-aliases.ts';
import type { NotePlan, Role } from './plan.ts';
import { judge, judgePrerequisite, type Mode } from '../judge/verdict.ts';
import { trace } from '../core/trace.ts';

export interface SessionPlan {
  note: string;
  source: string;
  /** Every block of the note, in document order. */
  blocks: Block[];
  /** What this run does with each block (plan.ts). */
  plan: NotePlan;
  /** What each run block's session ran before it (chain.ts): the inputs of its recording. */
  inputs: ReadonlyMap<string, readonly string[]>;
  /** The cluster for `needs=kind` blocks, when they run. */
  kube?: KubeTarget;
  /** Aborted on Ctrl-C / SIGTERM: the running block is killed, cleanup still runs. */
  interrupt?: AbortSignal;
  mode: Mode;
  recording: NoteRecording;
  env: NodeJS.ProcessEnv;
  reporter: Reporter;
  /** Says on stderr what a long-running block waits for (wait-status.ts); a view only. */
  waits?: WaitStatus;
  /** --max-output: a block's output beyond it keeps only head and tail. */
  maxOutputBytes?: number;
  /**
   * Asked before each run block but the cleanup blocks (follow: the reader's Enter, s or q).
   * A skip or a quit makes the run partial: cleanup must only succeed, leftovers are no fault.
   */
  ask?: (block: Block) => Promise<'run' | 'skip' | 'quit'>;
}

function verdictOf(plan: SessionPlan, block: Block, role: Role, run: BlockRun): BlockResult {
  if (role.kind === 'prerequisite') return judgePrerequisite(block, run);
  return judge(block, run, plan.recording.blocks[block.key], plan.inputs.get(block.key) ?? [], plan.mode);
}

/**
 * One note = one session: a private work dir, file blocks written in order, run blocks in
 * order until one fails, background blocks stopped and cleanup blocks run at the end (also
 * after a failure), then a check that nothing the session made is left.
 */
/** How every block of a session runs: in its work dir, with the session's markers in its env. */
interface SessionShell {
  cwd: string;
  env: NodeJS.ProcessEnv;
  scriptDir: string;
  maxOutputBytes?: number;
  prelude?: string;
}

export async function runSession(plan: SessionPlan): Promise<NoteResult> {
  trace(`session ${plan.note}: start`);
  const result: NoteResult = { note: plan.note, source: plan.source, blocks: [], problems: [] };
  const workDir = await runnerTempDir(plan.note);
  const scriptDir = await runnerTempDir('scripts');
  const session = `${plan.note}-${randomBytes(4).toString('hex')}`;
  // Markers every process of the session inherits (also through setsid): this run's
  // leftovers are killed at the end, a killed run's by the next run's sweep.
  const markers = { KUBIA_NOTES_RUNNER: runnerTag(), KUBIA_NOTES_SESSION: session };
  const shell: SessionShell = {
    cwd: workDir,
    env: { ...plan.env, ...markers, KUBIA_NOTES_WORKDIR: workDir },
    scriptDir,
    ...(plan.maxOutputBytes ? { maxOutputBytes: plan.maxOutputBytes } : {}),
  };
  const resources: SessionResource[] = [];
  const background: BackgroundProcess[] = [];
  let failedAt: Block | undefined;
  // What the reader left out (follow): a skipped block, or every block after a quit.
  let leftOut: 'skip' | 'quit' | undefined;
  const report = (blockResult: BlockResult) => {
    result.blocks.push(blockResult);
    plan.reporter.blockFinished(blockResult);
  };
  const steps = plan.plan.steps.filter(({ block }) => !(block.kind === 'run' && block.meta.cleanup));
  const cleanups = plan.plan.steps.filter(({ block }) => block.kind === 'run' && block.meta.cleanup);
  try {
    // Each capability the blocks need gives the session what it needs (a labelling docker
    // shim, a namespace of the note's own) and takes it back at the end.
    for (const capability of CAPABILITIES.filter((c) => plan.plan.needs.has(c))) {
      const resource = await (await RESOURCES[capability]())({ note: plan.note, session, privateDir: scriptDir, ...(plan.kube ? { kube: plan.kube } : {}) });
      resources.push(resource);
      shell.env = resource.environment(shell.env);
      if (resource.prelude) shell.prelude = `${shell.prelude ?? ''}${resource.prelude}\n`;
    }
    // The note's front-matter aliases, as functions every block of the session can call.
    trace('resources ready');
    const aliases = plan.blocks.find((block) => block.aliases)?.aliases;
    if (aliases) shell.prelude = `${shell.prelude ?? ''}${aliasPrelude(aliases)}\n`;
    for (const { block, role } of steps) {
      if (role.kind === 'skip') {
        if (block.kind === 'run') report({ block, status: 'skipped', message: role.reason });
        continue;
      }
      if (block.kind === 'file') {
        const target = join(workDir, block.meta.file as string);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, block.code.endsWith('\n') ? block.code : `${block.code}\n`);
        continue;
      }
      if (failedAt || leftOut === 'quit' || plan.interrupt?.aborted) {
        report({ block, status: 'not-run', message: failedAt ? `${blockLocation(failedAt)} failed before it` : leftOut === 'quit' ? 'the reader stopped before it' : 'the run was interrupted' });
        continue;
      }
      const answer = plan.ask ? await plan.ask(block) : 'run';
      if (answer !== 'run') {
        leftOut = answer;
        if (answer === 'skip') report({ block, status: 'skipped', message: 'skipped by the reader' });
        else report({ block, status: 'not-run', message: plan.interrupt?.aborted ? 'the run was interrupted' : 'the reader stopped before it' });
        continue;
      }
      const marked = { ...shell, env: { ...shell.env, KUBIA_NOTES_BLOCK: `${session}/${block.key}` } };
      const interruptible = plan.interrupt ? { ...marked, signal: plan.interrupt } : marked;
      trace(`block ${block.key}: start`);
      const started = lastPid();
      const run = await watched(plan, block, (wait) =>
        block.meta.background ? startBackgroundBlock(block, interruptible, background) : runBlock(block, interruptible, wait),
      );
      // What the block started outside its process group (setsid, a double fork) ends with it;
      // only processes started since the block began can be its. The session's end checks all.
      trace(`block ${block.key}: run returned`);
      if (!block.meta.background) killProcesses(markedProcesses('KUBIA_NOTES_BLOCK', (value) => value === `${session}/${block.key}`, started));
      trace(`block ${block.key}: marked processes checked`);
      const blockResult = verdictOf(plan, block, role, run);
      trace(`block ${block.key}: judged`);
      if (run.error) blockResult.message = run.error;
      if (plan.interrupt?.aborted && endedBadly(blockResult.status)) {
        Object.assign(blockResult, { status: 'failed', message: 'interrupted (process group killed)' });
      }
      if (endedBadly(blockResult.status)) {
        failedAt = block;
        const diagnostics: string[] = [];
        for (const resource of resources.filter((r) => block.meta.needs.includes(r.capability))) diagnostics.push(await resource.diagnostics());
        if (diagnostics.some(Boolean)) blockResult.diagnostics = diagnostics.filter(Boolean).join('\n');
      }
      report(blockResult);
      trace(`block ${block.key}: reported`);
    }
  } finally {
    trace('teardown: start');
    for (const process of background) await process.stop();
    trace('teardown: background stopped');
    // After a failure or an interrupt, what cleanup finds to remove differs from a full run:
    // then it only has to succeed.
    const partial = failedAt !== undefined || leftOut !== undefined || Boolean(plan.interrupt?.aborted);
    for (const { block, role } of cleanups) {
      if (role.kind === 'skip') {
        report({ block, status: 'skipped', message: role.reason });
        continue;
      }
      trace(`cleanup ${block.key}: start`);
      const run = await watched(plan, block, (wait) => runBlock(block, shell, wait));
      trace(`cleanup ${block.key}: run returned`);
      // After a failed block only cleanup runs: it is reported, never compared with the recording.
      const cleanup: BlockResult = { block, status: run.asExpected ? 'prerequisite' : 'failed', message: 'cleanup after a failed run: not compared', run };
      report(partial ? cleanup : verdictOf(plan, block, role, run));
    }
    killProcesses(markedProcesses('KUBIA_NOTES_SESSION', (value) => value === session));
    trace('teardown: session processes checked');
    for (const resource of resources.reverse()) {
      const leftover = await resource.removeLeftovers();
      trace(`teardown: ${resource.capability} leftovers checked`);
      // After a filtered run the blocks that would have removed it did not run: what is left
      // is removed all the same, and said, but it is no fault of the note.
      if (leftover && plan.plan.full && !leftOut) result.problems.push(leftover);
      else if (leftover) (result.notices ??= []).push(`removed what the blocks this run left out would have cleaned up: ${leftover.split('\n')[0]}`);
      await resource.close();
    }
    await rm(workDir, { recursive: true, force: true });
    await rm(scriptDir, { recursive: true, force: true });
    trace('teardown: done');
  }
  return result;
}

/** Runs a block with its wait shown while it lasts, and ended however the block ends. */
async function watched<T>(plan: SessionPlan, block: Block, run: (wait?: { attempt(n: number): void }) => Promise<T>): Promise<T> {
  const wait = plan.waits?.begin(block);
  try {
    return await run(wait);
  } finally {
    wait?.end();
  }
}

/** Starts a `background` block and waits for its ready line: its run is what it printed until then. */
async function startBackgroundBlock(
  block: Block,
  shell: Omit<SessionShell, 'maxOutputBytes' | 'prelude'> & { signal?: AbortSignal },
  background: BackgroundProcess[],
): Promise<BlockRun> {
  const timeoutMs = block.meta.timeoutMs ?? BACKGROUND_READY_TIMEOUT_MS;
  try {
    const started = await startBackground(block.code, block.meta.ready, { ...shell, timeoutMs, name: block.key });
    background.push(started.process);
    const output = recordableOutput(block, started.readyOutput, shell.env);
    return { exitCode: 0, timedOut: false, asExpected: true, ...output, durationMs: Math.round(started.durationMs), attempts: 1 };
  } catch (error) {
    const output = recordableOutput(block, (error as { output?: string }).output ?? '', shell.env);
    const why = `background block did not get ready: ${(error as Error).message}`;
    return { exitCode: 1, timedOut: false, asExpected: false, error: why, ...output, durationMs: 0, attempts: 1 };
  }
}
