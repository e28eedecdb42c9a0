import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';
import { yamlPackage } from './yaml-package.ts';

declare module 'mdast' {
  interface CodeData {
    /**
     * Set by the runner's parse cache on the fences of a note that passed every check when it
     * was parsed (by this code and these packages, which the cache's key covers): a YAML file
     * block's text is known to parse, and is not parsed again.
     */
    yamlChecked?: boolean;
  }
}

/**
 * A YAML file block that does not parse: kubectl would refuse it with a line of the file, at
 * run time, after everything before it ran. Said here at the line of the note instead. Only
 * blocks the session writes (`file=`) are read; a plain ```yaml fence may show broken YAML.
 */
export function yamlProblem(block: Pick<Block, 'kind' | 'lang' | 'code' | 'meta' | 'source' | 'line'>): BlockError | undefined {
  if (block.kind !== 'file' || !/^ya?ml$/i.test(block.lang)) return undefined;
  const documents = yamlPackage().parseAllDocuments(block.code);
  const [error] = (Array.isArray(documents) ? documents : [documents]).flatMap((document) => document.errors);
  if (!error) return undefined;
  const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code;
  const hint = error.code === 'TAB_AS_INDENT' ? 'YAML does not allow tabs for indentation: indent with spaces' : 'fix the YAML: kubectl reads the file as the session writes it';
  return new BlockError(block.source, block.line + (error.linePos?.[0].line ?? 1), `${block.meta.file} is not valid YAML: ${reason}`, hint);
}
