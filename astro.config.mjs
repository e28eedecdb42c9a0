// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import { CODE_THEMES } from './src/lib/code-themes.ts';
import { contentCacheGuard } from './src/integrations/content-cache.ts';
import { fontSubset } from './src/integrations/font-subset.ts';
import { pagefindIndex } from './src/integrations/pagefind.ts';
import { validateNotes } from './src/integrations/validate-notes.ts';
import { secretScan } from './src/integrations/secret-scan.ts';
import { remarkDemoteHeadings } from './src/plugins/remark-demote-headings.ts';
import { remarkRunBlocks } from './src/plugins/remark-run-blocks.ts';

// SITE_URL / BASE_PATH let the same build serve `/` locally and `/<repo>/` on GitHub Pages.
const site = process.env.SITE_URL ?? 'http://127.0.0.1:4321';
const base = process.env.BASE_PATH ?? '/';

export default defineConfig({
  site,
  base,
  trailingSlash: 'always',
  // contentCacheGuard before all: a cache of notes parsed with an older schema is dropped first.
  // validateNotes next: it fails the build on a bad note before any content is compiled.
  // fontSubset reads the built pages for the characters they use; secretScan checks everything last.
  integrations: [contentCacheGuard(), validateNotes(), mdx(), sitemap(), fontSubset(), pagefindIndex(), secretScan()],
  markdown: {
    // Commands must stay byte-exact: smart quotes and dashes would turn `--name` into `–name`.
    processor: unified({ smartypants: false, remarkPlugins: [remarkDemoteHeadings, remarkRunBlocks] }),
    shikiConfig: {
      themes: CODE_THEMES,
      defaultColor: false,
      wrap: false,
    },
  },
});
