// Astro caches parsed notes in <cacheDir>/data-store.json and throws that cache away when a note or
// src/content.config.ts changes, but not when a schema it imports does (src/schemas/): a new field
// with a default (aliases: {}) then reads as undefined on every cached note, and the page breaks.
// This integration keys the cache by the schema files as well.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const SCHEMAS = fileURLToPath(new URL('../schemas/', import.meta.url));

/** A digest of every schema file: what the cached notes were parsed with. */
function schemasDigest(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(SCHEMAS).sort()) hash.update(file).update(readFileSync(join(SCHEMAS, file)));
  return hash.digest('hex');
}

export function contentCacheGuard(): AstroIntegration {
  return {
    name: 'kubia-notes:content-cache',
    hooks: {
      'astro:config:setup': ({ config, logger }) => {
        const cacheDir = fileURLToPath(config.cacheDir);
        const stamp = join(cacheDir, 'kubia-notes-schemas');
        const digest = schemasDigest();
        if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
        const store = join(cacheDir, 'data-store.json');
        if (existsSync(store)) {
          rmSync(store, { force: true });
          logger.info('src/schemas changed: the cached notes are parsed again');
        }
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(stamp, digest);
      },
    },
  };
}
