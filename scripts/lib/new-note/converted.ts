/** A note body made from an original, and what its author must still decide. */
export interface Converted {
  /** The MDX after the front matter. */
  body: string;
  /** One line each, in the original's order: a question to answer, a block to check, a file to add. */
  checklist: string[];
  /** How many commands of the original got a block. */
  commands: number;
  /** Book pages the original cites (`p 76`): the front matter's citedPages. */
  pages: number[];
  /** Shell functions and aliases the original defines (`kc() { kubectl "$@"; }`): the front matter's aliases. */
  aliases?: Record<string, string>;
}
