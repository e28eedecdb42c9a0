import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { createIndex, close } from 'pagefind';

/**
 * Builds the Pagefind search index into dist/pagefind after `astro build`, so that every
 * build (local, CI, GitHub Pages) ships search without a second command. The binary comes
 * from pagefind's platform npm package: nothing is downloaded at build time.
 */
export function pagefindIndex(): AstroIntegration {
  return {
    name: 'kubia-notes:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await createIndex({ forceLanguage: 'ko' });
        if (!index) throw new Error(`pagefind could not start: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: site });
        if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: `${site}/pagefind` });
        if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
        logger.info(`indexed ${added.page_count} page(s) for search`);
        await close();
      },
    },
  };
}
