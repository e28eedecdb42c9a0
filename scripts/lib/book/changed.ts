import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Block } from '../../../src/lib/blocks/block.ts';
import { inputsByBlock } from '../../../src/lib/blocks/chain.ts';
import type { NoteRecording } from '../../../src/lib/store/schema.ts';
import { OUTPUTS_DIR } from '../../../src/lib/store/store.ts';
import type { PinnedEnvironment } from '../core/pinned-environment.ts';
import { staticCheck } from '../judge/static-check.ts';
import { UsageError } from '../core/user-error.ts';

const git = promisify(execFile);

/**
 * Why a note's recordings are not current, or undefined when they are: the one currency
 * function (currency.ts, through the same check as --static) over every run block, no
 * recording left without its block, and every Kubernetes block recorded on the pinned
 * version. Docker is not pinned (the engine at hand is used and recorded), so a Docker
 * version alone never makes a note run again.
 */
export function staleness(blocks: readonly Block[], recording: NoteRecording, pinned: Pick<PinnedEnvironment, 'kubernetes'>): string | undefined {
  const { results, orphans } = staticCheck(blocks, inputsByBlock(blocks), recording, blocks, true);
  const notCurrent = results.filter((r) => r.status !== 'passed');
  const first = notCurrent[0];
  if (first) return `${first.block.key} ${first.status}: ${first.message ?? ''}${notCurrent.length > 1 ? ` (and ${notCurrent.length - 1} more block${notCurrent.length > 2 ? 's' : ''})` : ''}`;
  if (orphans.length) return `the recording of ${orphans.join(', ')} has no block any more`;
  for (const block of blocks) {
    const recorded = recording.blocks[block.key];
    const kube = block.meta.needs.includes('kind') && recorded?.kind === 'run' ? recorded.environment.kubernetes : undefined;
    if (kube && (kube.server !== pinned.kubernetes || kube.client !== pinned.kubernetes)) {
      return `${block.key} was recorded on Kubernetes ${kube.server} (kubectl ${kube.client}), the pin is ${pinned.kubernetes}`;
    }
  }
  return undefined;
}

/** The files of a note that --since looks at: the note, its original, its recording. */
export function filesOfNote(note: string, source: string, original: string | undefined): string[] {
  return [source, ...(original ? [join('content/originals', original)] : []), join(OUTPUTS_DIR, `${note}.json`)];
}

/**
 * Files under `root` that differ between REF (its merge base with HEAD, as a pull request's
 * diff is) and the work tree, plus files git does not track yet; paths relative to `root`.
 */
export async function changedSince(root: string, ref: string): Promise<Set<string>> {
  const run = async (...args: string[]) => {
    try {
      return (await git('git', ['-C', root, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 })).stdout;
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
      throw new UsageError(`--since ${ref}: git cannot compare with it: ${stderr.split('\n')[0]}`, 'give a ref this checkout has (in CI fetch enough history, e.g. actions/checkout with fetch-depth: 0)');
    }
  };
  const [diff, untracked] = await Promise.all([run('diff', '--name-only', '--relative', '--no-renames', '--merge-base', ref, '--'), run('ls-files', '--others', '--exclude-standard')]);
  return new Set([...diff.split('\n'), ...untracked.split('\n')].map((line) => line.trim()).filter(Boolean));
}
