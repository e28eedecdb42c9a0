// Shell prompts pasted with the command after them, as books and terminals print them. A block
// runs every line as it stands: `$ kubectl get po` runs a program named `$`, and
// `bash> kubectl get po` runs `bash` with its output redirected to a file named `kubectl`,
// silently. The one list of them; `#` is left out on purpose (in a block it starts a comment).
// A note adds its own in its front matter (`prompts: ['PS1> ']`, note-prompts.ts).
export const PROMPTS = ['$ ', 'bash> ', '❯ '] as const;

/**
 * A prompt a note may declare: up to 40 characters ending in the space before the command
 * (`PS1> `, `k8s$ `, `user@host:~$ `); not starting with a space, `#` (a comment) or `>` (the
 * continuation prompt). The site's schema and the block model check the same shape.
 */
export const PROMPT_SHAPE = /^[^\s#>][^\n\r]{0,38} $/;

/** The prompts a note's blocks are read with: the defaults and the note's own. */
export type Prompts = readonly string[];

/** The defaults and a note's own prompts, longest first: `k8s$ ` is read before a shorter one it starts with. */
export const withNotePrompts = (own: readonly string[]): Prompts => [...new Set([...PROMPTS, ...own])].sort((a, b) => b.length - a.length);

/** The prompt a line starts with (after its indentation), if any, and the command after it. */
export function promptOf(line: string, prompts: Prompts = PROMPTS): { prompt: string; command: string } | undefined {
  const text = line.trimStart();
  const prompt = prompts.find((p) => text.startsWith(p) && text.slice(p.length).trim() !== '');
  return prompt ? { prompt, command: text.slice(prompt.length).trim() } : undefined;
}
