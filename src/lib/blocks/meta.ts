// The meta grammar of executable blocks: ```sh run id=hello needs=docker timeout=90s
// Parsed once, here, into typed options that both the runner and the site consume.
//
// The meta string is tokenised the way Expressive Code's `MetaOptions` does it, so a fence
// written for EC (`title="npm run dev" {2-4} ins=/x/`) reads the same here: quoted text,
// `{ranges}` and `/regex/` are single tokens. A fence is ours only when it says `run` or
// `file=` as a key; EC's presentation options ride along on our blocks untouched.

import { NORMALIZERS } from '../normalize/index.ts';

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
  'until',
  'cleanup',
  'hidden',
  'normalize',
  'secrets',
] as const;
export type MetaKey = (typeof META_KEYS)[number];

const FLAG_KEYS: readonly MetaKey[] = ['run', 'background', 'cleanup', 'hidden'];

/** Options that only mean something when the block is executed; a file block is only written. */
export const RUN_ONLY_KEYS = ['needs', 'expect', 'exit', 'timeout', 'retry', 'background', 'ready', 'until', 'cleanup', 'secrets', 'normalize'] as const satisfies readonly MetaKey[];

/**
 * Expressive Code's own options: core (`wrap`, `preserveIndent`, `hangingIndent`), frames
 * (`title`, `frame`), text markers (`mark`, `ins`, `del`, their aliases `add`/`rem`, and
 * `lang` for diff blocks), line numbers and collapsible sections. They only change how a
 * block looks, so they pass through to the renderer and never enter the block hash.
 */
export const PRESENTATION_KEYS = [
  'title',
  'frame',
  'mark',
  'ins',
  'del',
  'add',
  'rem',
  'lang',
  'wrap',
  'preserveIndent',
  'hangingIndent',
  'showLineNumbers',
  'startLineNumber',
  'collapse',
  'collapseStyle',
  'collapsePreserveIndent',
] as const;

export interface RunMeta {
  run: boolean;
  /** Written as `id=`, or inferred from the first command (inferred-meta.ts). */
  id?: string;
  needs: Capability[];
  /** What the block model filled in because the fence left it out (inferred-meta.ts); not hashed. */
  inferred?: Array<'id' | 'needs'>;
  file?: string;
  /** Exit code the block must end with; `expect=fail` means "anything but 0". */
  expectedExit: number | 'nonzero';
  timeoutMs?: number;
  retryMs?: number;
  background: boolean;
  ready?: RegExp;
  /** Re-run (within retry=) until the output matches: a state that settles, e.g. until=/Running/. */
  until?: RegExp;
  cleanup: boolean;
  hidden: boolean;
  normalize: string[];
  secrets: string[];
  /** Expressive Code's `title=`, the last one given (EC reads the last one too). */
  title?: string;
  /**
   * Expressive Code presentation options as written (`title="app.js" {2-4} ins=/x/ "text"`),
   * joined by one space in their order, for a renderer to re-emit after the language; `''`
   * when there are none. Not hashed: rewording a title keeps the recording valid.
   */
  presentation: string;
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

/** One option of a meta string, in Expressive Code's terms. */
export interface MetaToken {
  /** `id` of `id=a`; absent for a bare `"text"`, `{2-4}` or `/regex/` marker. */
  key?: string;
  /** Quoted or bare value: string; `{…}`: range; `/…/`: regexp; key alone or `=true|false`: boolean. */
  kind: 'string' | 'range' | 'regexp' | 'boolean';
  /** The value without its delimiters, unescaped; absent when the key stands alone. */
  value?: string;
  /** The option exactly as written, e.g. `title="npm run dev"`. */
  raw: string;
}

const DELIMITERS = [
  { open: '"', close: '"', kind: 'string' },
  { open: "'", close: "'", kind: 'string' },
  { open: '/', close: '/', kind: 'regexp' },
  { open: '{', close: '}', kind: 'range' },
] as const;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// One alternative per delimiter: an optional `key=`, the opening delimiter, the shortest value
// (a backslash escapes the next character) whose closing delimiter ends the word. Keys cannot
// contain a delimiter or `=`, exactly as in EC, so `"npm run dev"` never yields a `run` key.
const DELIMITED_OPTION = new RegExp(
  DELIMITERS.map(({ open, close }) => `(?:^|\\s)(?:([^\\s"'/{=]+)\\s*=\\s*)?${escapeRegExp(open)}((?:[^\\\\]|\\\\.)*?)${escapeRegExp(close)}(?=\\s|$)`).join('|'),
  'g',
);
const SIMPLE_OPTION = /([^\s=]+)(?:\s*=\s*(\S+))?/g;

/**
 * Splits a meta string into options as Expressive Code's `MetaOptions` does: delimited values
 * (`"…"`, `'…'`, `/…/`, `{…}`, each optionally after `key=`) first, then `key=value` and bare
 * `key` in what is left. Tokens come back in the order they are written.
 */
export function tokenizeMeta(meta: string): MetaToken[] {
  const found: Array<MetaToken & { index: number }> = [];
  let rest = meta;
  for (const match of meta.matchAll(DELIMITED_OPTION)) {
    const groups = match.slice(1);
    // Each delimiter owns two groups (key, value); the first one that matched tells which.
    const pair = Math.floor(groups.findIndex((group) => group !== undefined) / 2);
    const delimiter = DELIMITERS[pair] as (typeof DELIMITERS)[number];
    const key = groups[pair * 2];
    const escaped = groups[pair * 2 + 1] ?? '';
    const value = escaped.replace(new RegExp(`\\\\(\\\\|${escapeRegExp(delimiter.close)})`, 'g'), '$1');
    const raw = match[0].trimStart();
    const index = match.index + match[0].length - raw.length;
    found.push({ ...(key === undefined ? {} : { key }), kind: delimiter.kind, value, raw, index });
    rest = rest.slice(0, match.index) + ' '.repeat(match[0].length) + rest.slice(match.index + match[0].length);
  }
  for (const match of rest.matchAll(SIMPLE_OPTION)) {
    const [raw, key = '', value] = match;
    const kind = value === undefined || value === 'true' || value === 'false' ? 'boolean' : 'string';
    found.push({ key, kind, ...(value === undefined ? {} : { value }), raw, index: match.index });
  }
  return found.sort((a, b) => a.index - b.index).map(({ index: _index, ...token }) => token);
}

/**
 * `run` or `file=…` written as a key (never inside quotes, `/…/` or `{…}`): what makes a fence
 * ours. A malformed `run=yes` or bare `file` counts too, so that it fails loudly instead of
 * leaving the block silently unverified.
 */
function marksOurBlock(token: MetaToken): boolean {
  return token.key === 'run' || token.key === 'file';
}

const PRESENTATION_KEYS_LOWER = new Set<string>(PRESENTATION_KEYS.map((key) => key.toLowerCase()));

/** Bare markers (`"text"`, `{2-4}`, `/re/`) and EC's keys, which EC reads case-insensitively. */
function isPresentation(token: MetaToken): boolean {
  return token.key === undefined || PRESENTATION_KEYS_LOWER.has(token.key.toLowerCase());
}

/**
 * Edit distance counting a swap of two neighbouring letters as one edit (`titel` → `title`),
 * the typo people make most (optimal string alignment).
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1];
      row[j] = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (same ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(at(i, j), at(i - 2, j - 2) + 1);
    }
  }
  return at(a.length, b.length);
}

/** The valid name closest to a misspelt one, when it is close enough to be a typo. */
export function closestName(wrong: string, valid: readonly string[]): string | undefined {
  const lower = wrong.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of valid) {
    const distance = editDistance(lower, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  // A third of the word may be wrong (`neds`, `timout`), but `x` is not a typo of `id`.
  return best && best.distance <= Math.max(1, Math.floor(wrong.length / 3)) ? best.name : undefined;
}

const didYouMean = (wrong: string, valid: readonly string[]) => {
  const guess = closestName(wrong, valid);
  return guess ? `did you mean \`${guess}\`? ` : '';
};

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;

export function parseDuration(text: string, key: string): number {
  const match = DURATION.exec(text);
  if (!match) {
    throw new MetaError(`${key}=${text} is not a duration`, `write it as a number with ms, s or m, e.g. ${key}=90s`);
  }
  const factor = { ms: 1, s: 1000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
  const ms = Math.round(Number(match[1]) * factor);
  // A zero timeout would fail every run; a zero retry window would never retry.
  if (ms <= 0) throw new MetaError(`${key}=${text} is no time at all`, `give a positive duration, e.g. ${key}=90s`);
  return ms;
}

/** What authors call the cluster a `kind` block gets (the runner may use another with --context). */
const KUBERNETES_NAMES = ['kubernetes', 'k8s', 'kubectl', 'cluster', 'minikube', 'k3s'];

function parseNeeds(value: string): Capability[] {
  const needs = value.split(',').filter(Boolean);
  for (const need of needs) {
    if (!(CAPABILITIES as readonly string[]).includes(need)) {
      const kubernetes = KUBERNETES_NAMES.includes(need.toLowerCase()) ? 'Kubernetes blocks say needs=kind: the runner gives them a kind cluster (or the cluster of --context); ' : '';
      throw new MetaError(`unknown capability "${need}" in needs=`, `${kubernetes}${didYouMean(need, CAPABILITIES)}valid values: ${CAPABILITIES.join(', ')}`);
    }
  }
  return needs as Capability[];
}

function parseNormalize(value: string): string[] {
  const names = value.split(',').filter(Boolean);
  const valid = NORMALIZERS.map((normalizer) => normalizer.name);
  for (const name of names) {
    if (!valid.includes(name)) {
      throw new MetaError(`unknown normaliser "${name}" in normalize=`, `${didYouMean(name, valid)}valid names: ${valid.join(', ')}`);
    }
  }
  return names;
}

function parseFilePath(value: string): string {
  const segments = value.split('/');
  if (value.includes('\\')) {
    throw new MetaError(`file=${value} uses a backslash`, `write the path with forward slashes, as the work dir is a Linux directory: file=${value.replaceAll('\\', '/')}`);
  }
  if (value.startsWith('/') || segments.includes('..') || value === '') {
    throw new MetaError(
      `file=${value} escapes the note's work dir`,
      'use a relative path inside the work dir, e.g. file=app.js or file=k8s/kubia-rc.yaml',
    );
  }
  return value;
}

function parseRegExp(key: 'ready' | 'until', token: MetaToken, text: string): RegExp {
  const body = token.kind === 'regexp' ? (token.value ?? '') : text;
  try {
    return new RegExp(body, 'm');
  } catch (cause) {
    throw new MetaError(`${key}=${text} is not a valid regular expression`, key === 'ready' ? 'write ready=/pattern/, e.g. ready=/Forwarding from/' : 'write until=/pattern/, e.g. until=/Running/', { cause });
  }
}

/** The value of one of our keys as the author wrote it: quotes off, `/…/` and `{…}` kept. */
function valueText(token: MetaToken): string | undefined {
  if (token.value === undefined) return undefined;
  if (token.kind === 'regexp') return `/${token.value}/`;
  if (token.kind === 'range') return `{${token.value}}`;
  return token.value;
}

const ID = /^[a-z0-9][a-z0-9-]*$/;

/** Our options whose value is a comma-separated list. */
const LIST_KEYS: readonly string[] = ['needs', 'normalize', 'secrets'];

const isKnownKey = (key: string | undefined) => key !== undefined && ((META_KEYS as readonly string[]).includes(key) || PRESENTATION_KEYS_LOWER.has(key.toLowerCase()));

/**
 * An unknown bare word right after `key=value` is most often the rest of that value: a
 * title with spaces left unquoted (`title=파드 목록`), a list with a space after a comma
 * (`needs=docker, kind`). Says how to write it, or nothing when that is not the case.
 */
function continuedValue(tokens: readonly MetaToken[], index: number): string {
  const owner = tokens[index - 1];
  if (!owner?.key || owner.kind !== 'string' || owner.value === undefined || /^[^=]*=\s*['"]/.test(owner.raw)) return '';
  const words = [owner.value];
  for (let i = index; i < tokens.length; i++) {
    const token = tokens[i] as MetaToken;
    if (token.value !== undefined || isKnownKey(token.key)) break;
    words.push(token.key ?? '');
  }
  if (LIST_KEYS.includes(owner.key) && owner.value.endsWith(',')) return `write the list without spaces: ${owner.key}=${words.join('')}; `;
  // Our own values never hold spaces (ids, paths, durations); a title does.
  if ((META_KEYS as readonly string[]).includes(owner.key)) return '';
  return `a value with spaces needs quotes: ${owner.key}="${words.join(' ')}"; `;
}

function unknownKey(key: string, continued = ''): MetaError {
  return new MetaError(
    `unknown key "${key}" in block meta`,
    `${continued}${didYouMean(key, [...META_KEYS, ...PRESENTATION_KEYS])}valid keys: ${META_KEYS.join(', ')}; Expressive Code's ${PRESENTATION_KEYS.join(', ')} pass through`,
  );
}

/** Reads one of our options into `meta`. */
function applyOption(meta: RunMeta, key: MetaKey, token: MetaToken): void {
  const isFlag = FLAG_KEYS.includes(key);
  const text = valueText(token);
  if (isFlag && text !== undefined) throw new MetaError(`"${key}" is a flag and takes no value`, `write just "${key}"`);
  if (!isFlag && text === undefined) throw new MetaError(`"${key}" needs a value`, `write ${key}=…`);
  const value = text ?? '';
  switch (key) {
    case 'run':
      meta.run = true;
      break;
    case 'background':
      meta.background = true;
      break;
    case 'cleanup':
      meta.cleanup = true;
      break;
    case 'hidden':
      meta.hidden = true;
      break;
    case 'id':
      if (!ID.test(value)) throw new MetaError(`id=${value} is not a valid block id`, 'use lowercase letters, digits and dashes, e.g. id=docker-build');
      meta.id = value;
      break;
    case 'needs':
      meta.needs = parseNeeds(value);
      break;
    case 'file':
      meta.file = parseFilePath(value);
      break;
    case 'expect':
      if (value !== 'fail') throw new MetaError(`expect=${value} is not understood`, 'the only value is expect=fail (or use exit=N for one exit code)');
      meta.expectedExit = 'nonzero';
      break;
    case 'exit': {
      const code = Number(value);
      if (!/^\d+$/.test(value) || code > 255) throw new MetaError(`exit=${value} is not an exit code`, 'use a whole number from 0 to 255');
      meta.expectedExit = code;
      break;
    }
    case 'timeout':
      meta.timeoutMs = parseDuration(value, 'timeout');
      break;
    case 'retry':
      meta.retryMs = parseDuration(value, 'retry');
      break;
    case 'ready':
      meta.ready = parseRegExp('ready', token, value);
      break;
    case 'until':
      meta.until = parseRegExp('until', token, value);
      break;
    case 'normalize':
      meta.normalize = parseNormalize(value);
      break;
    case 'secrets':
      meta.secrets = value.split(',').filter(Boolean);
      break;
  }
}

/** Parses the meta string of a fenced block; returns null when the block is not ours. */
export function parseRunMeta(meta: string | null | undefined): RunMeta | null {
  const tokens = tokenizeMeta(meta ?? '');
  if (!tokens.some(marksOurBlock)) return null;

  const result: RunMeta = {
    run: false,
    needs: [],
    expectedExit: 0,
    background: false,
    cleanup: false,
    hidden: false,
    normalize: [],
    secrets: [],
    presentation: '',
  };
  const presentation: string[] = [];
  const given = new Map<MetaKey, MetaToken>();
  for (const [index, token] of tokens.entries()) {
    if (isPresentation(token)) {
      presentation.push(token.raw);
      if (token.key?.toLowerCase() === 'title' && token.value !== undefined) result.title = token.value;
      continue;
    }
    const key = token.key ?? '';
    if (!(META_KEYS as readonly string[]).includes(key)) throw unknownKey(key, token.value === undefined ? continuedValue(tokens, index) : '');
    if (given.has(key as MetaKey)) throw new MetaError(`"${key}" is given twice in block meta`, 'keep one of them');
    given.set(key as MetaKey, token);
    applyOption(result, key as MetaKey, token);
  }
  result.presentation = presentation.join(' ');
  return validateCombination(result, given);
}

/** Rules between options, once each option is valid on its own. */
function validateCombination(meta: RunMeta, given: ReadonlyMap<MetaKey, MetaToken>): RunMeta {
  if (meta.run && meta.file) {
    throw new MetaError('a block cannot both run and be a file', 'use `file=…` on the file\'s block and `run` on the shell block that uses it');
  }
  if (!meta.run) {
    const runOption = RUN_ONLY_KEYS.find((key) => given.has(key));
    if (runOption) {
      throw new MetaError(`run option "${runOption}" on a file block`, 'file blocks are only written to the work dir; put run options on the `run` block that uses the file');
    }
    return meta;
  }
  const exit = given.get('exit');
  if (given.has('expect') && exit) {
    throw new MetaError(`expect=fail and ${exit.raw} contradict each other`, 'keep one: expect=fail accepts any non-zero exit, exit=N only exit code N');
  }
  if (meta.ready && !meta.background) {
    throw new MetaError('ready= only applies to background blocks', 'add `background`, or remove ready=');
  }
  if (meta.until && meta.retryMs === undefined) {
    throw new MetaError('until= needs retry= to bound how long it waits', 'add e.g. retry=120s: the block is re-run until its output matches, for at most that long');
  }
  if (meta.background && meta.retryMs !== undefined) {
    throw new MetaError('a background block cannot retry', 'retry the block that waits on it instead');
  }
  return meta;
}
