import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import type { SecretLintCoreConfig, SecretLintCoreResultMessage } from '@secretlint/types';
import { KUBIA_NOTES_RULES } from './rules.ts';
import { visibleText } from './visible-text.ts';

/**
 * The second line of defence: the masker hides what it knows the shape of; this scanner,
 * secretlint's recommended preset (cloud keys, GitHub/Slack/npm tokens, private keys,
 * connection strings …) plus our rules, finds what got through anyway. Run on a recording
 * before it is written and on the built site before it is published.
 */

/** One credential found. Never holds the credential: `excerpt` has it redacted. */
export interface SecretFinding {
  /** The file or recording the text came from. */
  label: string;
  /** secretlint rule id, e.g. `@secretlint/secretlint-rule-privatekey`, `kubia-notes/jwt`. */
  ruleId: string;
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** The line, the credential replaced by `⟦redacted N chars⟧`, cut to a readable length. */
  excerpt: string;
}

const CONFIG: SecretLintCoreConfig = {
  rules: [
    { id: '@secretlint/secretlint-rule-preset-recommend', rule: recommendedPreset },
    ...KUBIA_NOTES_RULES.map((rule) => ({ id: rule.meta.id, rule })),
  ],
};

const EXCERPT_CONTEXT = 40;
type Range = readonly [number, number];

/**
 * The finding's line with every credential found on it redacted (a JSON kubeconfig puts
 * several on one line), cut to some context either side of this finding.
 */
function redactedExcerpt(text: string, range: Range, allRanges: readonly Range[]): string {
  const lineStart = text.lastIndexOf('\n', range[0] - 1) + 1;
  const newline = text.indexOf('\n', range[0]);
  const lineEnd = newline === -1 ? text.length : newline;
  let excerpt = '';
  let at = Math.max(lineStart, range[0] - EXCERPT_CONTEXT);
  const stop = Math.min(lineEnd, range[1] + EXCERPT_CONTEXT);
  for (const [from, to] of [...allRanges].sort((a, b) => a[0] - b[0])) {
    if (to <= at || from >= stop) continue;
    excerpt += text.slice(at, Math.max(at, from)) + `⟦redacted ${to - from} chars⟧`;
    at = Math.max(at, to);
  }
  if (at < stop) excerpt += text.slice(at, stop);
  return excerpt.trim();
}

function findingFrom(text: string, label: string, message: SecretLintCoreResultMessage, allRanges: readonly Range[]): SecretFinding {
  return {
    label,
    ruleId: message.ruleId,
    // maskSecrets below has secretlint print one `*` a character where a preset rule would
    // quote the secret: three say the same and keep the message on one line.
    message: message.message.replace(/\*{4,}/g, '***'),
    line: message.loc.start.line,
    column: message.loc.start.column + 1,
    excerpt: redactedExcerpt(text, message.range, allRanges),
  };
}

/**
 * Finds credentials in `text`. `label` names where it came from in the findings.
 * Cheap enough to call on every recording: the rules are regular expressions over the text,
 * configured once.
 */
export async function scanText(text: string, label: string): Promise<SecretFinding[]> {
  const result = await lintSource({
    source: { content: text, filePath: label, ext: extname(label), contentType: 'text' },
    options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  const allRanges = result.messages.map((message) => message.range);
  // The preset and our private-key rule both report a PEM key: once is enough.
  const firstAtEachStart = result.messages.filter((message, i) => result.messages.findIndex((other) => other.range[0] === message.range[0]) === i);
  return firstAtEachStart
    .map((message) => findingFrom(text, label, message, allRanges))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Text that is not: a NUL byte in the first 8 KiB (compressed search indexes, fonts, wasm). */
const isBinary = (bytes: Buffer) => bytes.subarray(0, 8192).includes(0);

/**
 * Scans files; HTML twice, as written and as the reader sees it, because highlighting puts
 * `"token"` and its value in separate `<span>`s and escapes the quotes (a finding only the
 * reader's text shows has the file's line but a column counted in that text). Binary files
 * are skipped.
 */
export async function scanFiles(paths: readonly string[]): Promise<SecretFinding[]> {
  const perFile = await Promise.all(
    paths.map(async (path) => {
      const bytes = await readFile(path);
      if (isBinary(bytes)) return [];
      const text = bytes.toString('utf8');
      if (extname(path) !== '.html') return scanText(text, path);
      const [raw, visible] = await Promise.all([scanText(text, path), scanText(visibleText(text), path)]);
      const rawAt = new Set(raw.map((finding) => `${finding.line}:${finding.ruleId}`));
      return [...raw, ...visible.filter((finding) => !rawAt.has(`${finding.line}:${finding.ruleId}`))];
    }),
  );
  return perFile.flat();
}

/** `file:line:column rule: message` and the redacted excerpt, one finding a line. */
export function formatFinding(finding: SecretFinding): string {
  return `${finding.label}:${finding.line}:${finding.column} ${finding.ruleId}: ${finding.message}\n    ${finding.excerpt}`;
}
