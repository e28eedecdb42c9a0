// Shell prompts pasted with the command after them, as books and terminals print them. A block
// runs every line as it stands: `$ kubectl get po` runs a program named `$`, and
// `bash> kubectl get po` runs `bash` with its output redirected to a file named `kubectl`,
// silently. The one list of them; `#` is left out on purpose (in a block it starts a comment).
export const PROMPTS = ['$ ', 'bash> ', '❯ '] as const;

/** The prompt a line starts with (after its indentation), if any, and the command after it. */
export function promptOf(line: string): { prompt: string; command: string } | undefined {
  const text = line.trimStart();
  const prompt = PROMPTS.find((p) => text.startsWith(p) && text.slice(p.length).trim() !== '');
  return prompt ? { prompt, command: text.slice(prompt.length).trim() } : undefined;
}
