import { readdir } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { formatFinding, scanFiles, type SecretFinding } from '../lib/secrets/scan.ts';

/** What the site publishes as text. Fonts, images and Pagefind's compressed index are not. */
export const SCANNED_EXTENSIONS = ['.html', '.xml', '.json', '.txt', '.js'] as const;

const HINT =
  "a command's output holds a credential: mask it with `secrets=NAME` on the block or a normaliser, " +
  'then re-record it with `npm run verify-notes -- --update`. Nothing is published until the scan is clean.';

export class PublishedSecretError extends AstroError {
  readonly findings: readonly SecretFinding[];

  constructor(findings: readonly SecretFinding[], siteDir: string) {
    const listed = findings.map((finding) => formatFinding({ ...finding, label: relative(siteDir, finding.label) })).join('\n');
    super(`the built site holds ${findings.length} credential(s):\n${listed}`, HINT);
    this.name = 'PublishedSecretError';
    this.findings = findings;
  }
}

async function publishedTextFiles(siteDir: string): Promise<string[]> {
  const entries = await readdir(siteDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && (SCANNED_EXTENSIONS as readonly string[]).includes(extname(entry.name)))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Scans a built site; throws {@link PublishedSecretError} naming file:line and rule of each credential. */
export async function failOnPublishedSecrets(siteDir: string): Promise<{ files: number }> {
  const files = await publishedTextFiles(siteDir);
  const findings = await scanFiles(files);
  if (findings.length > 0) throw new PublishedSecretError(findings, siteDir);
  return { files: files.length };
}

/**
 * Fails `astro build` when a page, feed or script of the site holds a credential: the last
 * check before anything is published, behind the masking of recorded output.
 */
export function secretScan(): AstroIntegration {
  return {
    name: 'kubia-notes:secret-scan',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const started = performance.now();
        const { files } = await failOnPublishedSecrets(fileURLToPath(dir));
        logger.info(`no credentials in ${files} published file(s) (${Math.round(performance.now() - started)} ms)`);
      },
    },
  };
}
