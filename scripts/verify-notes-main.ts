// verify-notes (loaded by scripts/verify-notes.mjs once the compile cache is on): extract → run → normalise → compare/record → report. Each step is a module
// under scripts/lib or src/lib; this file only wires them.
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { blockLocation, type Block } from '../src/lib/blocks/block.ts';
import { BlockError } from '../src/lib/blocks/block-error.ts';
import { combinedError } from '../src/lib/blocks/note-errors.ts';
import { cachedNoteOf } from './lib/cache/parse-cache.ts';
import type { Environment } from '../src/lib/store/schema.ts';
import { writeFreshness, writeRecording } from '../src/lib/store/store.ts';
import { cachedReadRecording as readRecording } from './lib/cache/recording-cache.ts';
import { brokenNotice, keepBrokenCopy, readForUpdate } from './lib/judge/broken-recording.ts';
import { freshnessOf } from './lib/report/freshness.ts';
import { describeEnvironment, lockFor, prepareEnvironment } from './lib/cli/engine-setup.ts';
import { HELP, parseOptions, UsageError, type VerifyOptions } from './lib/cli/options.ts';
import { updatedRecording } from './lib/judge/record.ts';
import { FILE_REPORTS, githubAnnotations, markdownReport, reportContext, textReporter, type Reporter } from './lib/report/reporter.ts';
import { noteFailed, type NoteResult } from './lib/core/results.ts';
import { runSession } from './lib/run/session.ts';
import { notRecordedReason, repeatSession, singleRunNotice } from './lib/judge/reproduce.ts';
import { handleInterrupts, interruption } from './lib/run/interrupt.ts';
import { staticCheck } from './lib/judge/static-check.ts';
import { carriedOver, describeRename } from '../src/lib/store/renames.ts';
import { planNote, planUpTo, selects, selectsAll, type NotePlan, type Selection } from './lib/run/plan.ts';
import { dropPending, readPending, writePending } from './lib/judge/pending-recording.ts';
import { pendingOf, resumeAdvice, resumeBase, resumeTarget, stalePending } from './lib/judge/resume.ts';
import { inputsByBlock } from '../src/lib/blocks/chain.ts';
import { renormalized } from './lib/judge/renormalize.ts';
import { credentialsIn } from './lib/judge/recording-guard.ts';
import { runnerTag } from './lib/core/runner-id.ts';
import { offPin } from './lib/core/pinned-environment.ts';
import { environmentDifference } from './lib/report/environment-diff.ts';
import { doctor } from './lib/cli/doctor.ts';
import { toolEnvironment } from './lib/cli/tool-path.ts';
import { asUserError, EXIT, runCommand } from './lib/core/user-error.ts';
import { selectNotes } from './lib/book/note-selection.ts';
import { runScheduled } from './lib/book/note-schedule.ts';
import { waitStatus } from './lib/run/wait-status.ts';
import { trace } from './lib/core/trace.ts';


interface NoteBlocks {
  note: string;
  source: string;
  blocks: Block[];
}

async function loadNotes(options: VerifyOptions): Promise<NoteBlocks[]> {
  const notesDir = join(options.root, 'content/notes');
  const names = (await readdir(notesDir)).filter((f) => f.endsWith('.mdx')).sort();
  const available = names.map((f) => basename(f, '.mdx'));
  for (const wanted of options.note) {
    if (!available.includes(wanted)) throw new UsageError(`--note ${wanted}: no such note`, `notes are ${available.join(', ')}`);
  }
  const chosen = options.note.length ? available.filter((n) => options.note.includes(n)) : available;
  const notes: NoteBlocks[] = [];
  // Every note's problems at once, as the site build lists them, not only the first note's.
  const problems: BlockError[] = [];
  for (const note of chosen) {
    const source = join('content/notes', `${note}.mdx`);
    try {
      // Parsed MDX is kept between runs (by the note's text and the parser's code): most of start-up.
      const { blocks, notices } = await cachedNoteOf(join(options.root, source), source);
      for (const notice of notices) process.stderr.write(`ℹ ${notice}\n`);
      notes.push({ note, source, blocks });
    } catch (error) {
      if (!(error instanceof BlockError)) throw error;
      problems.push(error);
    }
  }
  // --static also checks what the build checks beyond the blocks: the original's every line
  // kept, images and links that lead somewhere (a lost line stands at the original's file:line).
  // Loaded only here: it parses the notes' MDX, which other runs take from the parse cache.
  if (options.static) problems.push(...(await (await import('../src/lib/note-content-problems.ts')).noteContentProblems(options.root, chosen)));
  const problem = combinedError(problems);
  if (problem) throw problem;
  const ids = new Set(notes.flatMap((n) => n.blocks.map((b) => b.key)));
  for (const id of options.block) {
    if (!ids.has(id)) throw new UsageError(`--block ${id}: no block has this id`, '`npm run verify-notes -- --list` shows the ids');
  }
  if (options.from !== undefined) resumeTarget(notes, options.from);
  return notes;
}

function listBlocks(notes: readonly NoteBlocks[]): string {
  return notes
    .flatMap((n) =>
      n.blocks.map((b) => {
        const flags = [b.meta.needs.length ? `needs=${b.meta.needs.join(',')}` : '', b.meta.expectedExit !== 0 ? `exit=${b.meta.expectedExit}` : '', b.meta.background ? 'background' : '', b.meta.cleanup ? 'cleanup' : '', b.meta.hidden ? 'hidden' : '', b.meta.retryMs ? `retry=${b.meta.retryMs}ms` : '']
          .filter(Boolean)
          .join(' ');
        return `${blockLocation(b).padEnd(34)} ${b.kind.padEnd(4)} ${b.key.padEnd(28)} ${flags}`.trimEnd();
      }),
    )
    .join('\n');
}

async function writeReport(options: VerifyOptions, results: readonly NoteResult[], environment?: Environment): Promise<void> {
  const context = reportContext(environment, undefined, options.failOn, options.shard);
  // A step's job summary collects what everything in the step writes: add to it, never replace it.
  const jobSummary = process.env.GITHUB_ACTIONS ? process.env.GITHUB_STEP_SUMMARY : undefined;
  // In GitHub Actions a run also leaves its Markdown summary on the job's page, pass or fail
  // (as it prints annotations), beside whichever report was asked for.
  if (jobSummary && !options.static && !(options.reporter === 'markdown' && options.reportFile === jobSummary)) {
    await writeFile(jobSummary, markdownReport(results, context), { flag: 'a' });
  }
  if (options.reporter === 'text') return;
  const report = FILE_REPORTS[options.reporter](results, context);
  if (!options.reportFile) {
    process.stdout.write(report);
    return;
  }
  await mkdir(dirname(options.reportFile), { recursive: true });
  await writeFile(options.reportFile, report, { flag: options.reportFile === jobSummary ? 'a' : 'w' });
}

/** Reports list notes by name, whichever order they ran or were skipped in. */
/** A repeated run's blocks are not listed as they finish: only what run 1 did not reproduce is. */
const quietReporter: Reporter = { blockFinished: () => {}, finish: () => '' };

const inNoteOrder = <R extends { note: string }>(results: readonly R[]): R[] => [...results].sort((a, b) => (a.note < b.note ? -1 : a.note > b.note ? 1 : 0));

/** --fix-prompts: each named note's mixed blocks as transcripts, written, with the diff printed. */
async function fixNotes(options: VerifyOptions): Promise<number> {
  // Loaded here, not at the top: it brings the MDX parser and diff, which a run whose notes are
  // in the parse cache never needs (~130 modules, most of start-up).
  const { fixPrompts } = await import('../src/lib/blocks/fix-prompts.ts');
  for (const note of options.note) {
    const source = join('content/notes', `${note}.mdx`);
    const path = join(options.root, source);
    const text = await readFile(path, 'utf8').catch(() => {
      throw new UsageError(`--note ${note}: no such note`, `there is no ${source}`);
    });
    const fixed = fixPrompts(text, source);
    if (!fixed.fixed) {
      console.log(`${source}: no block mixes commands and pasted output`);
      continue;
    }
    await writeFile(path, fixed.text);
    console.log(fixed.diff);
    console.log(`${source}: ${fixed.fixed} block(s) rewritten as transcripts; review the diff above, then run --static`);
  }
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  trace('main: start');
  const options = parseOptions(argv);
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  // kind, kubectl and the kind config that `npm run setup` provisioned, without editing PATH.
  Object.assign(process.env, toolEnvironment(process.env));
  if (options.doctor) {
    process.stdout.write(await doctor());
    return 0;
  }
  if (options.fixPrompts) return fixNotes(options);
  // --changed, --shard and --jobs (note-selection.ts): which notes this run takes, and how.
  const loaded = await loadNotes(options);
  trace('main: notes loaded');
  const { notes, skipped, placements } = await selectNotes(loaded, options, (line) => process.stderr.write(`… ${line}\n`));
  trace('main: notes selected');
  if (options.list) {
    console.log(listBlocks(notes));
    return 0;
  }
  const selection: Selection = { blocks: options.block, ...(options.needs ? { needs: options.needs } : {}), ...(options.from !== undefined ? { from: options.from } : {}) };
  // stderr while notes run: what a long block waits for, and every other line through it, so none mix.
  const waits = waitStatus(process.stderr);
  process.once('exit', () => waits.close());
  const stderr = (text: string) => waits.write(text);
  const reporter = textReporter(waits, options.verbose);
  const results: NoteResult[] = [];

  // What this run ran on, for the reports (none for --static, which runs nothing).
  let ranOn: Environment | undefined;
  if (options.static) {
    for (const { note, source, blocks } of notes) {
      const checked = blocks.filter((b) => selects(selection, b));
      const { results: blockResults, orphans } = staticCheck(checked, inputsByBlock(blocks), await readRecording(note, source, options.root), blocks, selectsAll(selection));
      blockResults.forEach((r) => reporter.blockFinished(r));
      results.push({ note, source, blocks: blockResults, problems: orphans.map((key) => `recording of "${key}" has no block any more\n  hint: re-record the note with --update, which drops it`) });
    }
  } else if (options.renormalize) {
    for (const { note, source, blocks } of notes) {
      // A renamed block's recording is filed under its new id here too: nothing needs to run for that.
      const { recording, renames } = carriedOver(await readRecording(note, source, options.root), blocks);
      for (const rename of renames) process.stderr.write(`● ${source}: ${rename.to}: ${describeRename(rename)}, its recording filed under the new id\n`);
      const { recording: refreshed, changed } = renormalized(recording, blocks.filter((b) => selects(selection, b)));
      if (changed.length || renames.length) await writeRecording(refreshed, options.root);
      process.stderr.write(`${changed.length ? `● ${source}: comparison form refreshed from the transcripts of ${changed.join(', ')}` : `✓ ${source}: every comparison form already matches its transcript`}\n`);
    }
    return 0;
  } else {
    handleInterrupts((line) => stderr(`${line}\n`));
    // Every process the runner starts carries its tag, as the sessions' do: if this run is killed,
    // the next one's sweep ends what it left working (a `kind create`, a `docker push`).
    process.env.KUBIA_NOTES_RUNNER = runnerTag();
    // What the run needs decides the engine and versions to ask for: asked now (it only reads),
    // answered while the recordings are read and the locks taken, awaited under the locks.
    const plans = new Map(notes.map((n) => [n.note, planNote(n.blocks, selection)]));
    const needed = new Set([...plans.values()].flatMap((plan) => [...plan.needs]));
    const described = describeEnvironment(needed);
    // Awaited by prepareEnvironment; a run stopped before it (a broken recording) ignores it.
    described.catch(() => {});
    // Recordings are read before anything is started: a broken file stops the run at once.
    // With --update, a broken file is what the user asked to replace (broken-recording.ts).
    const planned = [];
    for (const n of notes) {
      const { recording: filed, broken } = options.update ? await readForUpdate(readRecording, n.note, n.source, options.root) : { recording: await readRecording(n.note, n.source, options.root) };
      if (broken) process.stderr.write(`ℹ ${broken}\n  ${brokenNotice(n.note, options.root)}\n`);
      // A block that changed its id keeps its recording (compared, and written under the new id by --update).
      const { recording: carried, renames } = carriedOver(filed, n.blocks);
      for (const rename of renames) process.stderr.write(`ℹ ${n.source}: ${rename.to}: ${describeRename(rename)}${options.update ? '' : '; `--renormalize` or `--update` files its recording under the new id'}\n`);
      const inputs = inputsByBlock(n.blocks);
      // --update --from: the recordings of the blocks before it, from a failed attempt or the note's (resume.ts).
      let recording = carried;
      if (options.update && options.from !== undefined) {
        const { pending, dropped } = await readPending(n.note, n.source, options.root);
        const stale = pending && stalePending(n.blocks, inputs, pending, options.from);
        if (stale) await dropPending(n.note, options.root);
        for (const line of [dropped, stale]) if (line) process.stderr.write(`ℹ ${n.source}: ${line}\n`);
        const resumed = resumeBase(n.blocks, inputs, carried, stale ? undefined : pending, options.from);
        if (resumed.notice) process.stderr.write(`ℹ ${n.source}: ${resumed.notice}\n`);
        recording = resumed.base;
      }
      planned.push({ ...n, plan: plans.get(n.note) as NotePlan, inputs, recording, filed: carried, broken: broken !== undefined });
    }
    const log = (line: string) => stderr(`… ${line}\n`);
    // One run per engine and cluster at a time: two runs would remove each other's objects.
    trace('notes planned');
    const locks = await lockFor(needed, options, log);
    trace('locks taken');
    let prepared: Awaited<ReturnType<typeof prepareEnvironment>>;
    try {
      prepared = await prepareEnvironment(needed, options, log, described);
      const namespaces = prepared.kube ? await (await import('./lib/kubernetes/note-namespace.ts')).sweepDeadNamespaces(prepared.kube) : [];
      if (namespaces.length) log(`removed the Kubernetes namespace(s) of a dead run: ${namespaces.join(', ')}`);
    } catch (error) {
      await Promise.all(locks.map((release) => release()));
      // CI still gets its report file, with the reason as a failed case of every note.
      const userError = asUserError(error);
      if (userError) await writeReport(options, inNoteOrder([...notes.map(({ note, source }) => ({ note, source, blocks: [], problems: [userError.message] })), ...skipped]));
      throw error;
    }
    const { environment, kube } = prepared;
    ranOn = environment;
    if (options.env === 'pinned') for (const line of offPin(environment)) log(`off the pinned environment: ${line}`);
    try {
      // One note after another; with --jobs N, notes that cannot touch each other side by side.
      const ran = await runScheduled(planned, { jobs: options.jobs, placements, stopped: () => interruption.signal.aborted }, async ({ note, source, blocks, plan, inputs, recording, filed, broken }) => {
        const moved = environmentDifference(recording, environment);
        if (moved) stderr(`ℹ ${source}: ${moved}\n`);
        // --update runs the note --repeat times (reproduce.ts); the runs after the first report only their verdict.
        const session = (n: number, upTo?: string) => runSession({ note, source, blocks, plan: upTo ? planUpTo(plan, upTo) : plan, inputs, ...(kube ? { kube } : {}), mode: options.update ? 'update' : 'verify', interrupt: interruption.signal, recording, env: { ...process.env, DOCKER_CLI_HINTS: 'false' }, reporter: n === 1 ? reporter : quietReporter, waits, maxOutputBytes: options.maxOutput });
        const { result, agreed, laters } = options.update ? await repeatSession(options.repeat, session, { stopped: () => interruption.signal.aborted, log, disagreed: (r) => reporter.blockFinished(r) }) : { result: await session(1), agreed: 1, laters: [] };
        if (options.env !== 'pinned') result.written = await writeFreshness(freshnessOf(result, options.env, environment), options.root);
        if (options.update && !noteFailed(result)) {
          const next = updatedRecording(recording, blocks, result.blocks, inputs, environment, plan.full, agreed);
          const credentials = await credentialsIn(next, filed);
          if (credentials.length) result.problems.push(...credentials);
          else {
            const copy = broken ? await keepBrokenCopy(note, options.root) : undefined;
            result.written = await writeRecording(next, options.root);
            if (copy) stderr(`ℹ ${source}: the broken recording was replaced; the old file is kept as ${copy} (delete it once nothing in it is needed)\n`);
          }
          const single = result.written ? singleRunNotice(next) : undefined;
          if (single) (result.notices ??= []).push(single);
          if (result.written && (await dropPending(note, options.root))) (result.notices ??= []).push('the pending recording of the earlier failed attempt is complete now: removed');
        } else if (options.update) {
          // What passed (and reproduced) before the failed block is kept, to resume from there.
          const pending = interruption.signal.aborted ? undefined : pendingOf(recording, blocks, result, laters, inputs, environment);
          const credentials = pending ? await credentialsIn(pending.recording, filed) : [];
          const kept = pending && !credentials.length ? `\n  ${resumeAdvice(pending, await writePending(pending, options.root), 1 + laters.length)}` : '';
          result.problems.push(`${notRecordedReason(result)}${kept}`, ...credentials);
        }
        return result;
      });
      results.push(...ran);
    } finally {
      await kube?.dispose();
      await Promise.all(locks.map((release) => release()));
    }
  }

  results.push(...skipped);
  results.splice(0, results.length, ...inNoteOrder(results));
  stderr(reporter.finish(results));
  if (process.env.GITHUB_ACTIONS) {
    const annotations = githubAnnotations(results);
    if (annotations) console.log(annotations);
  }
  await writeReport(options, results, ranOn);
  trace('report written');
  if (interruption.signal.aborted) return EXIT.interrupted;
  return results.some((result) => noteFailed(result, options.failOn)) ? EXIT.blocksFailed : 0;
}

process.once('exit', () => trace('process exit'));
await runCommand(() => main(process.argv.slice(2)));
