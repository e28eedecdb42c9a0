import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Block } from '../../src/lib/blocks/block.ts';
import type { Capability } from '../../src/lib/blocks/meta.ts';
import { blockLocation } from '../../src/lib/blocks/block.ts';
import { outputDiff, outputsMatch } from '../../src/lib/compare.ts';
import type { Environment, NoteRecording, RunRecording } from '../../src/lib/store/schema.ts';
import { recordableOutput, runBlock, type BlockRun } from './block-run.ts';
import { randomBytes } from 'node:crypto';
import { dockerDiagnostics, dockerLeaks, realDocker, removeDockerLeaks, SHIM_DIR } from './docker-resources.ts';
import type { BlockResult, NoteResult } from './results.ts';
import { startBackground, type BackgroundProcess } from './shell.ts';
import type { Reporter } from './reporter.ts';
import type { KubeTarget } from './kubernetes.ts';
import { openNoteNamespace, type NoteNamespace } from './note-namespace.ts';

export interface SessionPlan {
  note: string;
  source: string;
  blocks: Block[];
  /** Is this run block selected by --block / --needs? File blocks are always written. */
  selected: (block: Block) => boolean;
  /** Capabilities made ready for this run; cleanup blocks run when theirs are among them. */
  available: ReadonlySet<Capability>;
  /** The cluster for `needs=kind` blocks, when they run. */
  kube?: KubeTarget;
  /** Aborted on Ctrl-C / SIGTERM: the running block is killed, cleanup still runs. */
  interrupt?: AbortSignal;
  mode: 'verify' | 'update';
  recording: NoteRecording;
  env: NodeJS.ProcessEnv;
  environment: Environment;
  reporter: Reporter;
}

const BACKGROUND_READY_TIMEOUT_MS = 30_000;

/** Compares a run with the recording (verify) or accepts it (update). */
function judge(plan: SessionPlan, block: Block, run: BlockRun): BlockResult {
  if (!run.asExpected) {
    const why = run.timedOut ? `timed out after ${block.meta.timeoutMs ?? 120_000} ms (process group killed)` : `exited with ${run.exitCode}, expected ${block.meta.expectedExit === 'nonzero' ? 'a failure' : block.meta.expectedExit}`;
    return { block, status: 'failed', message: why, run };
  }
  const recorded = plan.recording.blocks[block.key];
  if (plan.mode === 'update') {
    // Re-recording shows what it changes, so the author can check the new output.
    if (recorded?.kind !== 'run') return { block, status: 'recorded', message: 'new recording', run };
    if (outputsMatch(recorded.normalized, run.normalized)) return { block, status: 'recorded', run };
    return { block, status: 'recorded', message: 'output changed', diff: outputDiff(recorded.normalized, run.normalized, blockLocation(block)), run };
  }
  if (!recorded || recorded.kind !== 'run') return { block, status: 'unrecorded', message: 'no recorded output yet', run };
  if (recorded.hash !== block.hash) return { block, status: 'stale', message: 'the block changed since its output was recorded', run };
  if (outputsMatch(recorded.normalized, run.normalized)) return { block, status: 'passed', run };
  return { block, status: 'drift', message: 'output differs from the recording', diff: outputDiff(recorded.normalized, run.normalized, blockLocation(block)), run };
}

export function recordingOf(block: Block, run: BlockRun, environment: Environment): RunRecording {
  return {
    kind: 'run',
    hash: block.hash,
    line: block.line,
    exitCode: run.exitCode,
    transcript: run.transcript,
    normalized: run.normalized,
    masks: run.masks,
    durationMs: run.durationMs,
    attempts: run.attempts,
    recordedAt: new Date().toISOString(),
    environment,
  };
}

/**
 * One note = one session: a private work dir, file blocks written in order, run blocks in
 * order until one fails, background blocks stopped and cleanup blocks run at the end (also
 * after a failure), then a check that nothing the session made in Docker is left.
 */
export async function runSession(plan: SessionPlan): Promise<NoteResult> {
  const result: NoteResult = { note: plan.note, source: plan.source, blocks: [], problems: [] };
  const workDir = await mkdtemp(join(tmpdir(), `kubia-notes-${plan.note}-`));
  const scriptDir = await mkdtemp(join(tmpdir(), `kubia-notes-scripts-`));
  const session = `${plan.note}-${randomBytes(4).toString('hex')}`;
  const usesDocker = plan.available.has('docker');
  const env: NodeJS.ProcessEnv = { ...plan.env, KUBIA_NOTES_WORKDIR: workDir };
  if (usesDocker) {
    // The shim labels what the blocks create, so cleanup finds exactly that.
    Object.assign(env, { KUBIA_NOTES_SESSION: session, KUBIA_NOTES_REAL_DOCKER: await realDocker(), PATH: `${SHIM_DIR}:${plan.env.PATH ?? ''}` });
  }
  const shell = { cwd: workDir, env, scriptDir };
  const background: BackgroundProcess[] = [];
  let failedAt: Block | undefined;
  let namespace: NoteNamespace | undefined;
  try {
    if (plan.kube && plan.available.has('kind')) {
      // kubectl in the blocks lands in the note's own namespace, through a kubeconfig of the session's.
      namespace = await openNoteNamespace(plan.kube, plan.note, scriptDir);
      Object.assign(env, { KUBECONFIG: namespace.kubeconfig, ...(plan.kube.kindCluster ? { KIND_CLUSTER: plan.kube.kindCluster } : {}) });
    }
    for (const block of plan.blocks) {
      if (block.kind === 'file') {
        const target = join(workDir, block.meta.file as string);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, block.code.endsWith('\n') ? block.code : `${block.code}\n`);
        continue;
      }
      if (block.meta.cleanup) continue; // at the end, whatever happens
      if (!plan.selected(block) || failedAt || plan.interrupt?.aborted) {
        const passedOver: BlockResult = !plan.selected(block)
          ? { block, status: 'skipped', message: 'filtered out' }
          : { block, status: 'not-run', message: failedAt ? `${blockLocation(failedAt)} failed before it` : 'the run was interrupted' };
        result.blocks.push(passedOver);
        plan.reporter.blockFinished(passedOver);
        continue;
      }
      plan.reporter.blockStarted(block);
      const interruptible = plan.interrupt ? { ...shell, signal: plan.interrupt } : shell;
      const blockResult = block.meta.background ? await startBackgroundBlock(plan, block, shell, background) : judge(plan, block, await runBlock(block, interruptible));
      if (plan.interrupt?.aborted && blockResult.status === 'failed') blockResult.message = 'interrupted (process group killed)';
      if (blockResult.status === 'failed') {
        failedAt = block;
        const diagnostics = [
          usesDocker && block.meta.needs.includes('docker') ? await dockerDiagnostics(session) : '',
          namespace && block.meta.needs.includes('kind') ? await namespace.diagnostics() : '',
        ].filter(Boolean);
        if (diagnostics.length) blockResult.diagnostics = diagnostics.join('\n');
      }
      result.blocks.push(blockResult);
      plan.reporter.blockFinished(blockResult);
    }
  } finally {
    for (const process of background) await process.stop();
    // After a filter, a failure or an interrupt, what cleanup finds to remove differs from a
    // full run: then it only has to succeed.
    const partial = result.blocks.some((b) => b.status === 'skipped' || b.status === 'not-run' || b.status === 'failed');
    for (const block of plan.blocks.filter((b) => b.kind === 'run' && b.meta.cleanup)) {
      if (!block.meta.needs.every((need) => plan.available.has(need))) continue;
      plan.reporter.blockStarted(block);
      const run = await runBlock(block, shell);
      const cleanupResult: BlockResult = partial ? { block, status: run.asExpected ? 'passed' : 'failed', message: 'cleanup after a partial or failed run: not compared', run } : judge(plan, block, run);
      result.blocks.push(cleanupResult);
      plan.reporter.blockFinished(cleanupResult);
    }
    if (namespace) {
      const leftovers = await namespace.leftovers();
      if (leftovers.length) {
        result.problems.push(`left behind in Kubernetes namespace ${namespace.name} (now removed): ${leftovers.join(', ')}\n  hint: delete them in the note's cleanup block (kubectl delete … --ignore-not-found)`);
      }
      await namespace.close();
    }
    if (usesDocker) {
      const leaks = await dockerLeaks(session);
      if (leaks.length) {
        result.problems.push(`left behind in Docker (now removed): ${leaks.map((l) => `${l.kind} ${l.description}`).join('; ')}\n  hint: add the matching \`docker rm\`/\`docker rmi\` to the note's cleanup block`);
        await removeDockerLeaks(leaks);
      }
    }
    await rm(workDir, { recursive: true, force: true });
    await rm(scriptDir, { recursive: true, force: true });
  }
  return result;
}

async function startBackgroundBlock(plan: SessionPlan, block: Block, shell: { cwd: string; env: NodeJS.ProcessEnv; scriptDir: string }, background: BackgroundProcess[]): Promise<BlockResult> {
  try {
    const started = await startBackground(block.code, block.meta.ready, { ...shell, timeoutMs: block.meta.timeoutMs ?? BACKGROUND_READY_TIMEOUT_MS, name: block.key });
    background.push(started.process);
    const output = recordableOutput(block, started.readyOutput, shell.env);
    return judge(plan, block, { exitCode: 0, timedOut: false, asExpected: true, ...output, durationMs: Math.round(started.durationMs), attempts: 1 });
  } catch (error) {
    const output = (error as { output?: string }).output ?? '';
    return { block, status: 'failed', message: `background block did not get ready: ${(error as Error).message}`, run: { exitCode: 1, timedOut: false, asExpected: false, ...recordableOutput(block, output, shell.env), durationMs: 0, attempts: 1 } };
  }
}
