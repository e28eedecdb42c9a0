/**
 * Where a block stands in its note, as a reader of the page sees it: the headings above it
 * and the last line of prose before it (the student's sentence that the command goes with).
 * Read from the note's source lines; fenced code, components and comments are not prose.
 */
export interface BlockContext {
  /** The headings the block sits under, outermost first. */
  headings: string[];
  /** The last line of prose after the nearest heading or block before this one, if any. */
  lineBefore?: string;
}

const FENCE = /^\s*(`{3,}|~{3,})/;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
// A line that is only a component's tag, an MDX comment or an import/export: not prose.
const NOT_PROSE = /^(?:<\/?[A-Za-z][^>]*>|\{\/\*.*\*\/\}|import\s|export\s)$/;

export function blockContext(sourceLines: readonly string[], fenceLine: number): BlockContext {
  const headings: string[] = [];
  let lineBefore: string | undefined;
  let fence: string | undefined;
  let frontmatter = sourceLines[0]?.trim() === '---';
  for (let i = frontmatter ? 1 : 0; i < Math.min(fenceLine - 1, sourceLines.length); i++) {
    const line = sourceLines[i]!;
    if (frontmatter) {
      if (line.trim() === '---') frontmatter = false;
      continue;
    }
    const opening = FENCE.exec(line)?.[1];
    if (fence) {
      if (opening && opening[0] === fence[0] && opening.length >= fence.length && line.trim() === opening) fence = undefined;
      continue;
    }
    if (opening) {
      // Prose before an earlier block belongs to that block.
      fence = opening;
      lineBefore = undefined;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      headings.splice(heading[1]!.length - 1, headings.length, heading[2]!);
      lineBefore = undefined;
      continue;
    }
    const text = line.trim().replace(/\\$/, '').trim();
    if (text && !NOT_PROSE.test(text)) lineBefore = text;
  }
  return { headings: headings.filter(Boolean), ...(lineBefore ? { lineBefore } : {}) };
}
