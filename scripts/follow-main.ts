// follow: a reader runs a note block by block on their own engine and cluster and sees their
// output beside the recorded one. The same session, normalisers and verdicts as verify-notes
// (session.ts, verdict.ts); only the questions between blocks and the screen are its own
// (lib/follow/). It reads the recordings and never writes them.
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Block } from '../src/lib/blocks/block.ts';
import { inputsByBlock } from '../src/lib/blocks/chain.ts';
import { aliasPrelude } from '../src/lib/blocks/note-aliases.ts';
import { carriedOver } from '../src/lib/store/renames.ts';
import type { Environment } from '../src/lib/store/schema.ts';
import { lockFor, prepareEnvironment, type EngineOptions } from './lib/cli/engine-setup.ts';
import { blockContext } from './lib/follow/block-context.ts';
import { readAnswer } from './lib/follow/keys.ts';
import { FOLLOW_HELP, parseFollowOptions } from './lib/follow/options.ts';
import { readerVerdict, DIFFERENT, type ReaderVerdict } from './lib/follow/reader-verdict.ts';
import { blockHeader, blockOutcome, PROMPT, type Style } from './lib/follow/screen.ts';
import { followSummary } from './lib/follow/summary.ts';
import type { KubeTarget } from './lib/kubernetes/kubernetes.ts';
import { handleInterrupts, interruption } from './lib/run/interrupt.ts';
import { UsageError } from './lib/cli/options.ts';
import { cachedNoteOf } from './lib/cache/parse-cache.ts';
import { offPin } from './lib/core/pinned-environment.ts';
import { planNote } from './lib/run/plan.ts';
import { cachedReadRecording } from './lib/cache/recording-cache.ts';
import type { Reporter } from './lib/report/reporter.ts';
import { runnerTag } from './lib/core/runner-id.ts';
import { runSession } from './lib/run/session.ts';
import { toolEnvironment } from './lib/cli/tool-path.ts';
import { EXIT, runCommand } from './lib/core/user-error.ts';
import { waitStatus } from './lib/run/wait-status.ts';

async function main(argv: readonly string[]): Promise<number> {
  const options = parseFollowOptions(argv);
  if (options.help) {
    console.log(FOLLOW_HELP);
    return 0;
  }
  Object.assign(process.env, toolEnvironment(process.env));
  const source = join('content/notes', `${options.note}.mdx`);
  const notes = (await readdir(join(options.root, 'content/notes')).catch(() => [])).filter((f) => f.endsWith('.mdx')).map((f) => basename(f, '.mdx'));
  if (!notes.includes(options.note)) throw new UsageError(`${options.note}: no such note in ${join(options.root, 'content/notes')}`, notes.length ? `notes are ${notes.join(', ')}` : 'run it in the project root, or give --root');
  const { blocks } = await cachedNoteOf(join(options.root, source), source);
  const sourceLines = (await readFile(join(options.root, source), 'utf8')).split('\n');
  const { recording } = carriedOver(await cachedReadRecording(options.note, source, options.root), blocks);
  const inputs = inputsByBlock(blocks);
  const plan = planNote(blocks, { blocks: [] });

  // Prompts only with a terminal on both sides; a pipe or CI gets plain lines, as --yes.
  const interactive = !options.yes && Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const style: Style = { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR };
  const screen = waitStatus(process.stdout);
  process.once('exit', () => screen.close());
  const write = (text: string) => screen.write(text);
  handleInterrupts((line) => write(`${line}\n`));
  process.env.KUBIA_NOTES_RUNNER = runnerTag();

  const log = (line: string) => write(`… ${line}\n`);
  // keep: a reader's kind cluster stays for the next note (making one takes a minute).
  const engine: EngineOptions = { env: 'pinned', fresh: false, keep: true, ...(options.context ? { context: options.context } : {}), ...(options.wait ? { wait: options.wait } : {}) };
  const locks = await lockFor(plan.needs, engine, log);
  const verdicts: Array<{ block: Block; verdict: ReaderVerdict }> = [];
  let environment: Environment | undefined;
  let problems: string[] = [];
  let kube: KubeTarget | undefined;
  try {
    ({ environment, kube } = await prepareEnvironment(plan.needs, engine, log));
    if (kube) for (const name of await (await import('./lib/kubernetes/note-namespace.ts')).sweepDeadNamespaces(kube)) log(`removed the namespace of a dead run: ${name}`);
    for (const line of offPin(environment)) log(`고정 버전과 다름: ${line}`);
    write(`${options.note}: 블록 ${blocks.filter((b) => b.kind === 'run' && !b.meta.hidden).length}개를 차례로 실행합니다${interactive ? '' : ' (묻지 않고)'}. 기록(content/outputs)은 바꾸지 않습니다.\n\n`);
    // The runner defines the note's aliases before each block; a reader typing along needs them too.
    const aliases = blocks.find((block) => block.aliases)?.aliases;
    if (aliases) write(`이 노트의 별칭 (블록마다 정의해서 실행합니다. 직접 따라 칠 때는 먼저 정의하세요):\n${aliasPrelude(aliases).replace(/^/gm, '   ')}\n\n`);
    const reporter: Reporter = {
      blockFinished(result) {
        const recorded = recording.blocks[result.block.key];
        const verdict = readerVerdict(result, recorded?.kind === 'run' ? recorded : undefined);
        if (result.block.meta.hidden && !DIFFERENT.includes(verdict.kind)) return;
        verdicts.push({ block: result.block, verdict });
        if (result.block.meta.cleanup || result.block.meta.hidden) write(blockHeader(result.block, blockContext(sourceLines, result.block.line), style));
        write(blockOutcome(result.block, verdict, result.run, recorded?.kind === 'run' ? recorded : undefined, style));
      },
      finish: () => '',
    };
    const ask = async (block: Block) => {
      // Hidden blocks set the stage: they run without asking, as the page does not show them.
      if (block.meta.hidden) return 'run' as const;
      write(blockHeader(block, blockContext(sourceLines, block.line), style));
      if (!interactive) return 'run' as const;
      write(PROMPT);
      const answer = await readAnswer(process.stdin, () => process.kill(process.pid, 'SIGINT'));
      write(`${{ run: '실행', skip: '건너뜀', quit: '그만둠' }[answer]}\n`);
      return answer;
    };
    const result = await runSession({ note: options.note, source, blocks, plan, inputs, ...(kube ? { kube } : {}), mode: 'verify', interrupt: interruption.signal, recording, env: { ...process.env, DOCKER_CLI_HINTS: 'false' }, reporter, waits: screen, ask });
    problems = [...result.problems, ...(result.notices ?? [])];
  } finally {
    await kube?.dispose();
    await Promise.all(locks.map((release) => release()));
  }
  write(followSummary(options.note, verdicts, recording, environment, problems));
  if (interruption.signal.aborted) return EXIT.interrupted;
  return verdicts.some((v) => DIFFERENT.includes(v.verdict.kind)) ? EXIT.blocksFailed : 0;
}

await runCommand(() => main(process.argv.slice(2)));
// Everything is cleaned up, the locks released and the summary written (stdout is synchronous
// on Linux terminals and pipes). The terminal's stdin, once read in raw mode, was seen to keep
// a finished follow alive at times: end here rather than leave the reader without a prompt.
process.exit();
