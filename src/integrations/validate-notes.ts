import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { BlockError } from '../lib/blocks/block-error.ts';
import { combinedError } from '../lib/blocks/note-errors.ts';
import { blocksOfNote } from '../lib/blocks/parse-note.ts';
import { noteContentProblems } from '../lib/note-content-problems.ts';

/** Where the notes live, relative to the project root: the runner reads the same folder. */
export const NOTES_DIR = 'content/notes';

/**
 * Every problem of every note, each as the runner prints it (`✗ ` + describe()): its blocks and
 * MDX, then what `verify-notes --static` also checks: a line of the original the note lost
 * (at the original's file:line), an image that is not there, a link to no page.
 */
export async function noteProblems(root: string): Promise<BlockError[]> {
  const names = (await readdir(join(root, NOTES_DIR))).filter((name) => name.endsWith('.mdx')).sort();
  const problems: BlockError[] = [];
  for (const name of names) {
    const source = join(NOTES_DIR, name);
    try {
      await blocksOfNote(join(root, source), source);
    } catch (error) {
      if (!(error instanceof BlockError)) throw error;
      problems.push(error);
    }
  }
  // One report for them all, as `verify-notes --static` prints it after the block problems.
  const content = combinedError(await noteContentProblems(root));
  return content ? [...problems, content] : problems;
}

/** Stops the build; the problems themselves are printed just before, as the runner prints them. */
export class InvalidNotesError extends AstroError {
  constructor(problems: readonly BlockError[]) {
    const count = problems.reduce((sum, problem) => sum + problem.errors.length, 0);
    super(`${count} problem(s) in the notes' blocks or MDX, listed above as file:line with a hint`, 'fix them and build again; `npm run verify-notes -- --static` prints the same list');
    this.name = 'InvalidNotesError';
    // Astro prints the stack under the hint; where in this file we threw tells an author nothing.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * Reads every note with the block model before Astro compiles any content, so that a bad
 * fence or broken MDX stops `astro build` with the runner's own `file:line` and hint, rather
 * than with whatever the MDX compiler says later. `astro dev` only reports: its error overlay
 * shows the same BlockError when the page is opened, and the server should keep running.
 */
export function validateNotes(): AstroIntegration {
  return {
    name: 'kubia-notes:validate-notes',
    hooks: {
      'astro:config:setup': async ({ config, command, logger }) => {
        if (command === 'preview') return;
        const problems = await noteProblems(fileURLToPath(config.root));
        if (!problems.length) return;
        // The same text the runner prints, so that both point at the same lines the same way.
        process.stderr.write(problems.map((problem) => `✗ ${problem.describe()}\n`).join(''));
        if (command === 'build') throw new InvalidNotesError(problems);
        logger.warn(`${problems.length} note(s) have problems (listed above); their pages will show the error`);
      },
    },
  };
}
