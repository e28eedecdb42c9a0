// The meta grammar of executable blocks: ```sh run id=hello needs=docker timeout=90s
// Parsed once, here, into typed options that both the runner and the site consume.

export const CAPABILITIES = ['docker', 'kind'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const META_KEYS = [
  'run',
  'id',
  'needs',
  'file',
  'expect',
  'exit',
  'timeout',
  'retry',
  'background',
  'ready',
  'cleanup',
  'hidden',
  'normalize',
  'secrets',
  'title',
] as const;
export type MetaKey = (typeof META_KEYS)[number];

const FLAG_KEYS: readonly MetaKey[] = ['run', 'background', 'cleanup', 'hidden'];

export interface RunMeta {
  run: boolean;
  id?: string;
  needs: Capability[];
  file?: string;
  /** Exit code the block must end with; `expect=fail` means "anything but 0". */
  expectedExit: number | 'nonzero';
  timeoutMs?: number;
  retryMs?: number;
  background: boolean;
  ready?: RegExp;
  cleanup: boolean;
  hidden: boolean;
  normalize: string[];
  secrets: string[];
  title?: string;
}

/** A problem in one block's meta, reported at the block's line with a hint. */
export class MetaError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MetaError';
    this.hint = hint;
  }
}

interface Token {
  key: string;
  value?: string;
  /** Text that is not key or key=value, e.g. expressive-code's `{2-4}`. */
  stray?: true;
}

/** Splits `a b=c d="e f" ready=/x y/` into tokens; quotes and /regex/ keep spaces. */
export function tokenizeMeta(meta: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /([A-Za-z][\w-]*)(?:=("(?:[^"\\]|\\.)*"|\/(?:[^/\\]|\\.)*\/|\S+))?|(\S+)/g;
  for (const match of meta.matchAll(pattern)) {
    const [, key, rawValue, stray] = match;
    if (stray !== undefined) {
      tokens.push({ key: stray, stray: true });
      continue;
    }
    if (key === undefined) continue;
    const value = rawValue?.startsWith('"') ? rawValue.slice(1, -1).replace(/\\(.)/g, '$1') : rawValue;
    tokens.push(value === undefined ? { key } : { key, value });
  }
  return tokens;
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;

export function parseDuration(text: string, key: string): number {
  const match = DURATION.exec(text);
  if (!match) {
    throw new MetaError(`${key}=${text} is not a duration`, `write it as a number with ms, s or m, e.g. ${key}=90s`);
  }
  const factor = { ms: 1, s: 1000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
  return Math.round(Number(match[1]) * factor);
}

function parseNeeds(value: string): Capability[] {
  const needs = value.split(',').filter(Boolean);
  for (const need of needs) {
    if (!(CAPABILITIES as readonly string[]).includes(need)) {
      throw new MetaError(`unknown capability "${need}" in needs=`, `valid values: ${CAPABILITIES.join(', ')}`);
    }
  }
  return needs as Capability[];
}

function parseFilePath(value: string): string {
  const segments = value.split('/');
  if (value.startsWith('/') || segments.includes('..') || value === '' || value.includes('\\')) {
    throw new MetaError(
      `file=${value} escapes the note's work dir`,
      'use a relative path inside the work dir, e.g. file=app.js or file=k8s/kubia-rc.yaml',
    );
  }
  return value;
}

function parseReady(value: string): RegExp {
  const body = value.startsWith('/') && value.endsWith('/') && value.length >= 2 ? value.slice(1, -1) : value;
  try {
    return new RegExp(body, 'm');
  } catch (cause) {
    throw new MetaError(`ready=${value} is not a valid regular expression`, 'write ready=/pattern/, e.g. ready=/Forwarding from/', { cause });
  }
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

/** Parses the meta string of a fenced block; returns null when the block is not ours. */
export function parseRunMeta(meta: string | null | undefined): RunMeta | null {
  const tokens = tokenizeMeta(meta ?? '');
  const isOurs = tokens.some((t) => !t.stray && (t.key === 'run' || t.key === 'file'));
  if (!isOurs) return null;

  const result: RunMeta = {
    run: false,
    needs: [],
    expectedExit: 0,
    background: false,
    cleanup: false,
    hidden: false,
    normalize: [],
    secrets: [],
  };
  const seen = new Set<string>();
  for (const { key, value, stray } of tokens) {
    if (stray) {
      throw new MetaError(`cannot read "${key}" in block meta`, 'write options as key or key=value, e.g. `run id=hello needs=docker`');
    }
    if (!(META_KEYS as readonly string[]).includes(key)) {
      throw new MetaError(`unknown key "${key}" in block meta`, `valid keys: ${META_KEYS.join(', ')}`);
    }
    if (seen.has(key)) throw new MetaError(`"${key}" is given twice in block meta`, 'keep one of them');
    seen.add(key);
    const isFlag = FLAG_KEYS.includes(key as MetaKey);
    if (isFlag && value !== undefined) {
      throw new MetaError(`"${key}" is a flag and takes no value`, `write just "${key}"`);
    }
    if (!isFlag && value === undefined) {
      throw new MetaError(`"${key}" needs a value`, `write ${key}=…`);
    }
    const v = value ?? '';
    switch (key as MetaKey) {
      case 'run':
        result.run = true;
        break;
      case 'background':
        result.background = true;
        break;
      case 'cleanup':
        result.cleanup = true;
        break;
      case 'hidden':
        result.hidden = true;
        break;
      case 'id':
        if (!ID.test(v)) throw new MetaError(`id=${v} is not a valid block id`, 'use lowercase letters, digits and dashes, e.g. id=docker-build');
        result.id = v;
        break;
      case 'needs':
        result.needs = parseNeeds(v);
        break;
      case 'file':
        result.file = parseFilePath(v);
        break;
      case 'expect':
        if (v !== 'fail') throw new MetaError(`expect=${v} is not understood`, 'the only value is expect=fail (or use exit=N for one exit code)');
        result.expectedExit = 'nonzero';
        break;
      case 'exit': {
        const code = Number(v);
        if (!Number.isInteger(code) || code < 0 || code > 255) throw new MetaError(`exit=${v} is not an exit code`, 'use a whole number from 0 to 255');
        result.expectedExit = code;
        break;
      }
      case 'timeout':
        result.timeoutMs = parseDuration(v, 'timeout');
        break;
      case 'retry':
        result.retryMs = parseDuration(v, 'retry');
        break;
      case 'ready':
        result.ready = parseReady(v);
        break;
      case 'normalize':
        result.normalize = v.split(',').filter(Boolean);
        break;
      case 'secrets':
        result.secrets = v.split(',').filter(Boolean);
        break;
      case 'title':
        result.title = v;
        break;
    }
  }
  return validateCombination(result);
}

function validateCombination(meta: RunMeta): RunMeta {
  if (meta.run && meta.file) {
    throw new MetaError('a block cannot both run and be a file', 'use `file=…` on the file\'s block and `run` on the shell block that uses it');
  }
  if (meta.run && !meta.id) {
    throw new MetaError('a run block has no id', 'add a stable id, e.g. `run id=docker-build`: recorded output is keyed by it');
  }
  if (meta.ready && !meta.background) {
    throw new MetaError('ready= only applies to background blocks', 'add `background`, or remove ready=');
  }
  if (meta.background && meta.retryMs !== undefined) {
    throw new MetaError('a background block cannot retry', 'retry the block that waits on it instead');
  }
  if (!meta.run && (meta.needs.length || meta.background || meta.cleanup || meta.retryMs !== undefined || meta.timeoutMs !== undefined)) {
    throw new MetaError('run options on a file block', 'file blocks are only written to the work dir; put run options on a `run` block');
  }
  return meta;
}
