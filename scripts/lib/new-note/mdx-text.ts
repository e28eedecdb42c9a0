// A line of the student's prose as MDX reads it literally: `<`, `{` and `}` start JSX and
// expressions in MDX, so outside code spans they are escaped (`\<요청 …>`, as week-02 does).
// Only punctuation changes; the kept-lines check compares letters and digits.

/** The line with MDX's special characters escaped outside `code spans`. */
export function escapeProse(line: string): string {
  // `import …`/`export …` at a line's start is an ES module statement in MDX: shown as code instead.
  if (/^(?:import|export)\s/.test(line) && !line.includes('`')) return `\`${line}\``;
  return line
    .split(/(`+[^`]*`+)/)
    .map((part, i) => (i % 2 ? part : part.replace(/[<{}]/g, (c) => `\\${c}`)))
    .join('');
}
