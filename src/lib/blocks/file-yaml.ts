import { parseAllDocuments } from 'yaml';
import type { Block } from './block.ts';
import { BlockError } from './block-error.ts';

/**
 * A YAML file block that does not parse: kubectl would refuse it with a line of the file, at
 * run time, after everything before it ran. Said here at the line of the note instead. Only
 * blocks the session writes (`file=`) are read; a plain ```yaml fence may show broken YAML.
 */
export function yamlProblem(block: Pick<Block, 'kind' | 'lang' | 'code' | 'meta' | 'source' | 'line'>): BlockError | undefined {
  if (block.kind !== 'file' || !/^ya?ml$/i.test(block.lang)) return undefined;
  const documents = parseAllDocuments(block.code);
  const [error] = (Array.isArray(documents) ? documents : [documents]).flatMap((document) => document.errors);
  if (!error) return undefined;
  const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code;
  const hint = error.code === 'TAB_AS_INDENT' ? 'YAML does not allow tabs for indentation: indent with spaces' : 'fix the YAML: kubectl reads the file as the session writes it';
  return new BlockError(block.source, block.line + (error.linePos?.[0].line ?? 1), `${block.meta.file} is not valid YAML: ${reason}`, hint);
}
