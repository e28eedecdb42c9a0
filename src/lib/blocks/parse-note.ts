import { readFile } from 'node:fs/promises';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { blocksOf } from './extract.ts';

const mdxParser = unified().use(remarkParse).use(remarkMdx).use(remarkFrontmatter, ['yaml']);

interface Point {
  line: number;
  column: number;
  offset?: number;
}

/** The fields of micromark's / mdast-util-mdx-jsx's VFileMessage that locate a syntax error. */
interface SyntaxMessage {
  reason?: string;
  line?: number;
  column?: number;
  place?: Point | { start: Point; end: Point };
  ruleId?: string;
  source?: string;
}

function isSyntaxMessage(error: unknown): error is Error & SyntaxMessage {
  return error instanceof Error && ('place' in error || 'ruleId' in error);
}

/**
 * Where the parser stopped: the message's `place` (or `line`/`column`); mdast-util-mdx-jsx
 * leaves them out for an unclosed element and only writes "(3:1-3:9)" into the text.
 */
function pointOf(error: SyntaxMessage): Point | undefined {
  const place = error.place;
  if (place && 'start' in place) return place.start;
  if (place) return place;
  if (error.line !== undefined) return { line: error.line, column: error.column ?? 1 };
  const written = /\((\d+):(\d+)(?:-\d+:\d+)?\)/.exec(error.reason ?? '');
  return written ? { line: Number(written[1]), column: Number(written[2]) } : undefined;
}

const lineAtOffset = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

const endsInsideAConstruct = (text: string) => {
  try {
    mdxParser.parse(text);
    return false;
  } catch (error) {
    return isSyntaxMessage(error) && error.ruleId === 'unexpected-eof';
  }
};

/** Enough to find an unclosed `{` in any real note, without re-parsing a huge one for long. */
const MAX_OPENING_CANDIDATES = 200;

/**
 * For "unexpected end of file": the line of the `{` (or `<`) that was never closed. An unclosed
 * flow expression swallows the rest of the note, so micromark reports the end of the file. The
 * opener is the last line starting with `{` or `<` whose preceding text still parses to its
 * end: nothing before it is left open, and from it on, the note never closes again.
 */
function unclosedOpeningLine(text: string): number | undefined {
  const lines = text.split('\n');
  let tried = 0;
  for (let line = lines.length; line >= 1 && tried < MAX_OPENING_CANDIDATES; line--) {
    if (!/^[\s>*+-]*[<{]/.test(lines[line - 1] ?? '')) continue;
    tried++;
    if (!endsInsideAConstruct(lines.slice(0, line - 1).join('\n'))) return line;
  }
  return undefined;
}

/**
 * The line the author has to look at, when it is not where the parser stopped. A JSX tag
 * missing its `>` reads the next lines as attributes and fails lines later (or at the end of
 * the file); the tag starts at the last `<` before that point, since no `<` can stand inside
 * a tag. An unclosed `{` runs to the end of the file and is found by re-parsing.
 */
function openingLine(error: SyntaxMessage, stop: Point, text: string): number | undefined {
  if (error.source === 'micromark-extension-mdx-jsx' && stop.offset !== undefined) {
    const tagStart = text.lastIndexOf('<', stop.offset - 1);
    if (tagStart >= 0) return lineAtOffset(text, tagStart);
  }
  if (error.ruleId === 'unexpected-eof' && stop.line >= text.trimEnd().split('\n').length) return unclosedOpeningLine(text);
  return undefined;
}

const ESCAPE_HINT = 'escape `<`, `{` and `}` in prose as \\< \\{ \\}';
const PROSE_ESCAPE_HINT = 'in prose, write `<`, `{` and `}` as \\< \\{ \\}';

/**
 * Syntax of other docs sites that MDX cannot read, as pasted from them: the line it stands on
 * and what to write here instead. Without this the author only hears "escape `<` and `{`".
 */
const FOREIGN_SYNTAX: ReadonlyArray<{ pattern: RegExp; hint: string }> = [
  { pattern: /<!--/, hint: 'MDX has no HTML comments: write `<!-- … -->` as `{/* … */}`' },
  {
    pattern: /\{\{[<%]/,
    hint: '`{{< … >}}` and `{{% … %}}` are Hugo shortcodes (the Kubernetes docs), which MDX reads as JavaScript: write `{{< note >}}` … `{{< /note >}}` as `<Note>` … `</Note>` and `{{< caution >}}` as `<Caution>`, paste the file a `code_sample` names as a ```yaml file=… block, or escape the braces as \\{\\{',
  },
  { pattern: /^#{1,6}\s.*\{#[\w-]+\}\s*$/, hint: '`{#id}` after a heading is a Docusaurus heading id, which MDX reads as JavaScript: remove it (every heading gets an id from its text)' },
];

function foreignSyntaxHint(text: string, line: number): string | undefined {
  const written = text.split('\n')[line - 1] ?? '';
  return FOREIGN_SYNTAX.find(({ pattern }) => pattern.test(written))?.hint;
}

function mdxError(error: Error & SyntaxMessage, text: string, source: string): BlockError {
  const reason = error.reason ?? error.message;
  const stop = pointOf(error);
  const opening = stop && openingLine(error, stop, text);
  const foreign = foreignSyntaxHint(text, opening ?? stop?.line ?? 1);
  if (foreign) return new BlockError(source, opening ?? stop?.line ?? 1, `the note is not valid MDX: ${reason}`, foreign, { cause: error });
  if (stop && opening !== undefined && opening !== stop.line) {
    return new BlockError(
      source,
      opening,
      `the note is not valid MDX: the tag or expression that starts on this line is not closed (${reason} at ${stop.line}:${stop.column})`,
      `finish the tag with \`>\` or \`/>\` and close \`{\` with \`}\`; ${PROSE_ESCAPE_HINT}`,
      { cause: error },
    );
  }
  const hint = error.ruleId === 'end-tag-mismatch' ? `close every tag you open (\`<Answer>\` … \`</Answer>\`); ${PROSE_ESCAPE_HINT}` : ESCAPE_HINT;
  return new BlockError(source, opening ?? stop?.line ?? 1, `the note is not valid MDX: ${reason}`, hint, { cause: error });
}

/** Parses MDX source into its tree: the same remark-mdx reading Astro's MDX integration does. */
export function parseMdx(text: string, source: string): Root {
  try {
    return mdxParser.parse(text) as Root;
  } catch (error) {
    if (isSyntaxMessage(error)) throw mdxError(error, text, source);
    if (error instanceof RangeError) {
      throw new BlockError(source, 1, `the note nests too deep to parse (${error.message})`, 'close the tags, quotes and lists you open; a note never needs this depth', { cause: error });
    }
    throw error;
  }
}

export async function blocksOfNote(path: string, source = path): Promise<Block[]> {
  const text = await readFile(path, 'utf8');
  return blocksOf(parseMdx(text, source), source);
}
