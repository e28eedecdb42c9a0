import type { Code, Nodes, Root } from 'mdast';
import type { MdxjsEsm } from 'mdast-util-mdxjs-esm';
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { commandProblems, filesUsedBeforeWritten } from './block-commands.ts';
import { yamlProblem } from './file-yaml.ts';
import { unknownComponents } from './note-components.ts';
import { requiresNotice, requiresOf, requiresProblem } from './note-requires.ts';
import { bookChangesOf, isBookChangeElement, type BookChange, type BookChangeElement } from './book-change.ts';
import { blockHash } from './hash.ts';
import { explicitIds, IdNamer, withInferredMeta } from './inferred-meta.ts';
import { aliasesOf, aliasesUsed } from './note-aliases.ts';
import type { Aliases } from './program.ts';
import { MetaError, parseRunMeta, type Capability } from './meta.ts';
import { combinedError } from './note-errors.ts';
import { namesDefinedIn } from './known-programs.ts';
import { pastedOutputProblem } from './pasted-output.ts';
import { undeclaredPromptProblem } from './prompt-like.ts';
import type { Prompts } from './prompts.ts';
import { promptsOf } from './note-prompts.ts';
import { isTranscript, parseTranscript, transcriptCode } from './transcript.ts';

/** A code node together with the block it declares (null for plain code). */
export interface CodeWithBlock {
  node: Code;
  block: Block | null;
}

/**
 * How deep elements may nest. Real notes stay below 10; the limit sits far under the depth
 * at which the site's recursive tree walkers (unist-util-visit, the MDX compiler) overflow
 * the stack, so a runaway `<a><a><a>…` fails here with a line instead of a RangeError there.
 */
export const MAX_NESTING = 500;

const RUN_LANGUAGES = ['sh', 'bash', 'shell', 'console'];

/**
 * Every code node and every `<BookChange>` element in document order. Iterative on purpose:
 * a note of thousands of nested elements must not overflow the stack (unist-util-visit
 * recurses once per level).
 */
function nodesOf(tree: Root, source: string, errors: BlockError[]): { codes: Code[]; bookChanges: BookChangeElement[]; elements: Nodes[]; esm: MdxjsEsm[] } {
  const codes: Code[] = [];
  const bookChanges: BookChangeElement[] = [];
  const elements: Nodes[] = [];
  const esm: MdxjsEsm[] = [];
  const stack: Array<{ node: Nodes; depth: number }> = [{ node: tree, depth: 0 }];
  let reportedDepth = false;
  while (stack.length) {
    const { node, depth } = stack.pop() as { node: Nodes; depth: number };
    if (node.type === 'code') codes.push(node);
    if (isBookChangeElement(node)) bookChanges.push(node);
    if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') elements.push(node);
    if (node.type === 'mdxjsEsm') esm.push(node);
    if (!('children' in node) || !node.children.length) continue;
    const children: readonly Nodes[] = node.children;
    if (depth >= MAX_NESTING) {
      if (!reportedDepth) {
        errors.push(new BlockError(source, node.position?.start.line ?? 1, `elements nest more than ${MAX_NESTING} levels deep`, 'close the tags you open (`<Answer>` … `</Answer>`); a note never needs this depth'));
        reportedDepth = true;
      }
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as Nodes, depth: depth + 1 });
  }
  return { codes, bookChanges, elements, esm };
}

/** What every block of a note is read with: its aliases, and who names blocks without `id=`. */
interface NoteContext {
  aliases: Aliases;
  namer: IdNamer;
  /** The prompts its transcripts use: the defaults and the front matter's `prompts:`. */
  prompts: Prompts;
  /** The note's aliases and the functions and aliases any of its blocks defines: commands in every block. */
  names: ReadonlySet<string>;
}


/** The block a code node declares, or null for plain code; throws BlockError for bad meta. */
function blockOf(node: Code, source: string, ids: Map<string, number>, context: NoteContext): Block | null {
  const line = node.position?.start.line ?? 0;
  let meta;
  try {
    meta = parseRunMeta(node.meta);
  } catch (error) {
    if (error instanceof MetaError) throw new BlockError(source, line, error.message, error.hint, { cause: error });
    throw error;
  }
  if (!meta) return null;
  // The parser keeps a note's CRLF inside code: a Windows checkout would run `kubectl get po\r`
  // and hash every block differently from the recording. A block is what it says, line by line.
  const text = node.value.replace(/\r\n?/g, '\n');
  // A transcript runs its commands only: the lines pasted under them never reach the shell.
  const transcript = meta.run && isTranscript(text, context.prompts) ? parseTranscript(text, line, context.prompts) : undefined;
  if (transcript && meta.background) {
    throw new BlockError(source, line, 'a transcript block (commands after prompts) cannot be a background block', 'write the background command without a prompt in a block of its own: ```sh run background ready=/…/');
  }
  const code = transcript ? transcriptCode(transcript) : text;
  meta = withInferredMeta(meta, node.meta ?? '', code, context.aliases, context.namer);
  const key = meta.run ? (meta.id as string) : `file:${meta.file}`;
  const earlier = ids.get(key);
  if (earlier !== undefined && meta.run) {
    throw new BlockError(source, line, `duplicate block id "${key}" (first used at line ${earlier})`, 'every run block of a note needs its own id');
  }
  ids.set(key, line);
  const lang = node.lang ?? '';
  if (meta.run && !RUN_LANGUAGES.includes(lang)) {
    throw new BlockError(source, line, `a run block must be a shell block, not "${lang || 'no language'}"`, 'fence it as ```sh run id=…');
  }
  const used = meta.run ? aliasesUsed(code, context.aliases) : {};
  const aliases = Object.keys(context.aliases).length ? { aliases: context.aliases } : {};
  const commands = transcript ? { transcript } : {};
  return { key, kind: meta.run ? 'run' : 'file', lang, code, ...commands, meta, rawMeta: node.meta ?? '', source, line, hash: blockHash(lang, code, meta, used, transcript?.map((c) => c.command)), ...aliases };
}

/** A line that opens a fence, as micromark reads one: three or more backticks or tildes. */
const FENCE_LINE = /^\s*(?:`{3,}|~{3,})/;
/** An opening fence with our meta: in a file block's code it is the next block, swallowed. */
const OUR_FENCE_LINE = /^\s*(?:`{3,}|~{3,})\S*\s.*(?:(?:^|\s)run(?:\s|$)|\sfile=)/;

/**
 * A fence left open runs on into the next block's opening line (which cannot close it) and
 * ends at that block's closing fence: the prose between, and the next block, become this
 * block's code. No shell line starts with ```, so a run block holding one was never closed;
 * a file block (a README may hold fences) only when the line carries our meta.
 */
function unclosedFence(block: Block, text: string): BlockError | undefined {
  const lines = text.split('\n');
  // A here-document is text, not shell: a longer fence may hold one that writes a README.
  let heredoc: string | undefined;
  const index = lines.findIndex((line) => {
    if (heredoc !== undefined) {
      if (line.trim() === heredoc) heredoc = undefined;
      return false;
    }
    heredoc = /(?<!<)<<-?\s*(['"]?)([\w.-]+)\1/.exec(line.replace(/<<<\s*\S+/g, ''))?.[2];
    return (block.kind === 'run' ? FENCE_LINE : OUR_FENCE_LINE).test(line);
  });
  if (index < 0) return undefined;
  const swallowed = block.line + 1 + index;
  return new BlockError(block.source, block.line, `the block is not closed: the fence at line ${swallowed} ("${(lines[index] ?? '').trim()}") is read as its code`, `close it with \`\`\` on a line of its own before line ${swallowed}`);
}

/** A note as the block model reads it: its code nodes with their blocks, and its book changes. */
export interface NoteModel {
  codes: CodeWithBlock[];
  bookChanges: Array<{ node: BookChangeElement; change: BookChange }>;
  /** What the run blocks' needs= add up to: the page shows it when the front matter has no requires:. */
  needs: Capability[];
  /** What the author should hear but that stops nothing (`file:line: …`). */
  notices: string[];
  /** The front matter's aliases, applied in every run block: the page shows them once. */
  aliases: Aliases;
  /** The prompts its transcripts are read with: the defaults and the front matter's own. */
  prompts: Prompts;
}

/**
 * Walks an MDX/markdown tree and returns every fenced code node with its typed block, and
 * every `<BookChange>` checked against those blocks. The remark plugin of the site, the
 * "책과 달라진 점" page and the runner all call this: one reading of the note. Every problem
 * of the note is collected first and thrown together (see `NoteErrors`), so one run shows
 * the author all of them.
 */
export function noteModelOf(tree: Root, source: string): NoteModel {
  const errors: BlockError[] = [];
  const codes: CodeWithBlock[] = [];
  const ids = new Map<string, number>();
  const nodes = nodesOf(tree, source, errors);
  const aliases = aliasesOf(tree, source, errors);
  const prompts = promptsOf(tree, source, errors);
  const names = new Set([...Object.keys(aliases), ...namesDefinedIn(nodes.codes.map((node) => node.value), prompts)]);
  const context: NoteContext = { aliases, names, prompts, namer: new IdNamer(explicitIds(nodes.codes.map((node) => node.meta))) };
  // Ids of blocks whose fence has an error of its own: a change naming one is not reported again.
  const broken = new Set<string>();
  for (const node of nodes.codes) {
    try {
      const block = blockOf(node, source, ids, context);
      codes.push({ node, block });
      // A block reports its first problem found, in this order (the commands may list several).
      if (block) {
        const problem =
          unclosedFence(block, node.value.replace(/\r\n?/g, '\n')) ??
          (node.data?.yamlChecked ? undefined : yamlProblem(block)) ??
          undeclaredPromptProblem(block, context.names, context.prompts) ??
          pastedOutputProblem(block, context.names, context.prompts) ??
          commandProblems(block, context.aliases, context.prompts);
        errors.push(...[problem].flat());
      }
    } catch (error) {
      if (!(error instanceof BlockError)) throw error;
      errors.push(error);
      const id = /(?:^|\s)id=(\S+)/.exec(node.meta ?? '')?.[1];
      if (id) broken.add(id);
      // A later block with the same id is still a duplicate: say so in this run, not the next.
      if (id && !ids.has(id)) ids.set(id, node.position?.start.line ?? 0);
    }
  }
  const blocks = codes.flatMap(({ block }) => (block ? [block] : []));
  errors.push(...filesUsedBeforeWritten(blocks));
  errors.push(...unknownComponents(nodes.elements, nodes.esm, source));
  const requires = requiresProblem(tree, blocks, source);
  if (requires) errors.push(requires);
  const bookChanges = bookChangesOf(nodes.bookChanges, blocks, source, errors, broken);
  const error = combinedError(errors.sort((a, b) => a.line - b.line));
  if (error) throw error;
  const notice = requiresNotice(tree, blocks, source);
  return { codes, bookChanges, needs: requiresOf(blocks), notices: notice ? [notice] : [], aliases: context.aliases, prompts: context.prompts };
}

/** Every fenced code node with its typed block (null for plain code); see `noteModelOf`. */
export function codeBlocksOf(tree: Root, source: string): CodeWithBlock[] {
  return noteModelOf(tree, source).codes;
}

/** Just the executable and file blocks, in document order. */
export function blocksOf(tree: Root, source: string): Block[] {
  return codeBlocksOf(tree, source).flatMap(({ block }) => (block ? [block] : []));
}
