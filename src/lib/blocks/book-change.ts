import type { MdxJsxAttribute, MdxJsxExpressionAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { closestName } from './meta.ts';

/** A `<BookChange>` element of a note's MDX tree. */
export type BookChangeElement = MdxJsxFlowElement | MdxJsxTextElement;

export const BOOK_CHANGE_TAG = 'BookChange';

/**
 * What a `<BookChange>` annotation says, typed: what the book has, what the note uses today,
 * and the run block whose recorded output shows today's form working.
 *
 * ```mdx
 * <BookChange book="`kubectl run … --generator=run/v1`" now="`kubectl apply -f kubia-rc.yaml`" proof="apply-rc" bookRun="book-generator">
 * ```
 */
export interface BookChange {
  /** Note source path, as blocks carry it. */
  source: string;
  /** 1-based line of the opening tag. */
  line: number;
  /** 1-based position among the note's changes: the annotation's anchor is `change-<n>`. */
  index: number;
  /** What the book has (a command, a Dockerfile line, a tool); `backticks` mark code. */
  book: string;
  /** What the note uses instead today; `backticks` mark code. */
  now: string;
  /** Id of the run block whose recorded output shows today's form. */
  proof: string;
  /** Id of a run block (expected to fail) that runs the book's form as printed. */
  bookRun?: string;
  /** Book page (Korean edition). */
  page?: string;
}

/** Every attribute a `<BookChange>` takes; `required` ones must be written as "text". */
const ATTRIBUTES = {
  book: { required: true, doc: 'what the book has, e.g. book="`FROM node:7`"' },
  now: { required: true, doc: 'what the note uses today, e.g. now="`FROM node:24`"' },
  proof: { required: true, doc: 'the id of the run block whose output shows today\'s form, e.g. proof="docker-build"' },
  bookRun: { required: false, doc: 'the id of a run block with expect=fail that runs the book\'s form' },
  page: { required: false, doc: 'the book page, e.g. page="76"' },
} as const;
type AttributeName = keyof typeof ATTRIBUTES;
const ATTRIBUTE_NAMES = Object.keys(ATTRIBUTES) as AttributeName[];

export const isBookChangeElement = (node: { type: string; name?: string | null }): node is BookChangeElement =>
  (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === BOOK_CHANGE_TAG;

/** The anchor of the n-th change of a note, on the note page. */
export const bookChangeAnchor = (index: number) => `change-${index}`;

/** The anchor of a block's figure on the note page (its command and its recorded output). */
export const blockAnchor = (key: string) => `block-${key}`;

type Attribute = MdxJsxAttribute | MdxJsxExpressionAttribute;

/** The attributes written as text; a bad one is reported and left out (so it is not also "missing"). */
function literalAttributes(element: BookChangeElement, source: string, line: number, errors: BlockError[]): { values: Partial<Record<AttributeName, string>>; written: Set<string> } {
  const values: Partial<Record<AttributeName, string>> = {};
  const written = new Set<string>();
  for (const attribute of element.attributes as Attribute[]) {
    if (attribute.type !== 'mdxJsxAttribute') {
      errors.push(new BlockError(source, line, `<${BOOK_CHANGE_TAG}> takes no spread attributes ({...})`, `write each attribute as name="text": ${ATTRIBUTE_NAMES.join(', ')}`));
      continue;
    }
    const name = attribute.name;
    written.add(name);
    if (!(ATTRIBUTE_NAMES as string[]).includes(name)) {
      const guess = closestName(name, ATTRIBUTE_NAMES);
      errors.push(new BlockError(source, line, `unknown attribute "${name}" on <${BOOK_CHANGE_TAG}>`, `${guess ? `did you mean \`${guess}\`? ` : ''}valid attributes: ${ATTRIBUTE_NAMES.join(', ')}`));
      continue;
    }
    const value = attribute.value;
    if (typeof value === 'string') values[name as AttributeName] = value;
    else if (name === 'page' && value?.type === 'mdxJsxAttributeValueExpression' && /^\s*\d+\s*$/.test(value.value)) values.page = value.value.trim();
    else errors.push(new BlockError(source, line, `<${BOOK_CHANGE_TAG} ${name}=…> must be text in quotes`, `write ${name}="…"; ${ATTRIBUTES[name as AttributeName].doc}`));
  }
  return { values, written };
}

/** Block ids of the note a change may name, for the hint: run blocks shown on the page. */
const shownRunBlocks = (blocks: readonly Block[]) => blocks.filter((b) => b.kind === 'run' && !b.meta.hidden);

function blockProblem(id: string, role: 'proof' | 'bookRun', blocks: readonly Block[]): { problem: string; hint: string } | undefined {
  const candidates = shownRunBlocks(blocks).filter((b) => role === 'proof' || b.meta.expectedExit !== 0);
  const ids = candidates.map((b) => b.key);
  const block = blocks.find((b) => b.key === id);
  const list = ids.length ? `${role === 'proof' ? 'run blocks' : 'blocks with expect=fail'} of this note: ${ids.join(', ')}` : `this note has no ${role === 'proof' ? 'run block' : 'block with expect=fail'} yet`;
  if (!block) {
    const guess = closestName(id, ids);
    return { problem: `<${BOOK_CHANGE_TAG} ${role}="${id}">: this note has no run block with id "${id}"`, hint: `${guess ? `did you mean \`${guess}\`? ` : ''}${list}` };
  }
  if (block.kind !== 'run') return { problem: `<${BOOK_CHANGE_TAG} ${role}="${id}">: "${id}" is a file block, not a run block`, hint: `name the run block that uses the file; ${list}` };
  if (block.meta.hidden) return { problem: `<${BOOK_CHANGE_TAG} ${role}="${id}">: block "${id}" is hidden, so the page has nothing to link to`, hint: `name a block the page shows; ${list}` };
  if (role === 'bookRun' && block.meta.expectedExit === 0) {
    return { problem: `<${BOOK_CHANGE_TAG} bookRun="${id}">: block "${id}" is not expected to fail`, hint: `bookRun names the block that runs the book's form and shows it failing (expect=fail or exit=N); the block that works today is proof=` };
  }
  return undefined;
}

/**
 * Reads the note's `<BookChange>` elements into typed changes and checks them against the
 * note's blocks: every change names book, now and a proof that is a run block shown on the
 * page. Problems are pushed to `errors` (file:line of the opening tag, with a hint); a note
 * with any problem is thrown whole by the caller, so no change naming a broken block is used.
 */
export function bookChangesOf(
  elements: readonly BookChangeElement[],
  blocks: readonly Block[],
  source: string,
  errors: BlockError[],
  /** Ids of fences that have an error of their own (reported there): not judged again here. */
  brokenIds: ReadonlySet<string> = new Set(),
): Array<{ node: BookChangeElement; change: BookChange }> {
  const found: Array<{ node: BookChangeElement; change: BookChange }> = [];
  elements.forEach((node, i) => {
    const line = node.position?.start.line ?? 1;
    const before = errors.length;
    const { values, written } = literalAttributes(node, source, line, errors);
    for (const name of ATTRIBUTE_NAMES) {
      if (ATTRIBUTES[name].required && !written.has(name)) {
        errors.push(new BlockError(source, line, `<${BOOK_CHANGE_TAG}> is missing ${name}="…"`, `${ATTRIBUTES[name].doc}; the "책과 달라진 점" page lists book → now → proof for every change`));
      } else if (ATTRIBUTES[name].required && values[name]?.trim() === '') {
        errors.push(new BlockError(source, line, `<${BOOK_CHANGE_TAG} ${name}="">: empty`, ATTRIBUTES[name].doc));
      }
    }
    for (const role of ['proof', 'bookRun'] as const) {
      const id = values[role];
      const problem = id === undefined || id === '' || brokenIds.has(id) ? undefined : blockProblem(id, role, blocks);
      if (problem) errors.push(new BlockError(source, line, problem.problem, problem.hint));
    }
    if (errors.length > before) return;
    const { book, now, proof, bookRun, page } = values as Required<Pick<typeof values, 'book' | 'now' | 'proof'>> & typeof values;
    found.push({ node, change: { source, line, index: i + 1, book, now, proof, ...(bookRun ? { bookRun } : {}), ...(page ? { page } : {}) } });
  });
  return found;
}

/** `text with \`code\`` → [{ text }, { code }]: how the page shows book= and now=. */
export function inlineCodeParts(text: string): Array<{ code: boolean; text: string }> {
  return text.split('`').flatMap((part, i) => (part ? [{ code: i % 2 === 1, text: part }] : []));
}
