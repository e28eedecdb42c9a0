import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import subsetFont from 'subset-font';
import { codePointsOf, sourceFacesOf, subsetFaces } from '../lib/fonts/subset.ts';

/** Where the pages find the font stylesheet, under the site's base (BaseLayout links it). */
export const FONT_STYLESHEET = 'fonts/noto-sans-kr.css';
const FONT_DIR = dirname(FONT_STYLESHEET);
const NAME = 'noto-sans-kr';

const require = createRequire(import.meta.url);
const SOURCE_CSS = require.resolve('@fontsource-variable/noto-sans-kr/index.css');
const SOURCE_DIR = dirname(SOURCE_CSS);

/** What besides a slice and the characters decides a subset: subset-font's code and harfbuzz's wasm. */
async function subsetterVersion(): Promise<string> {
  const { version } = require('subset-font/package.json') as { version: string };
  const wasm = await readFile(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
  return `subset-font ${version}, harfbuzz-subset.wasm ${createHash('sha256').update(wasm).digest('hex').slice(0, 16)}`;
}

/** Built files whose text a reader can see: pages and our own scripts and styles (not Pagefind's bundle). */
async function siteText(site: string): Promise<string[]> {
  const texts: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(site, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (rel !== 'pagefind' && rel !== FONT_DIR) await walk(path);
      } else if (/\.html$/.test(entry.name) || (rel.startsWith('_astro/') && /\.(js|css)$/.test(entry.name))) {
        texts.push(await readFile(path, 'utf8'));
      }
    }
  };
  await walk(site);
  return texts;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Noto Sans KR for the built site, cut to the characters its pages use (harfbuzz's hb-subset,
 * through the subset-font package), written to dist/fonts/ with the stylesheet that names each
 * slice's characters. Subset fonts are cached by a hash of their inputs under
 * node_modules/.cache, so an unchanged site costs no subsetting. `astro dev` serves the whole
 * font at the same address instead (its pages change with every edit).
 */
export function fontSubset(): AstroIntegration {
  let base = '/';
  let cacheDir = '';
  return {
    name: 'kubia-notes:font-subset',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
        cacheDir = join(fileURLToPath(config.root), 'node_modules/.cache/kubia-notes/fonts');
      },
      'astro:server:setup': ({ server }) => {
        const stylesheet = `${base}${FONT_STYLESHEET}`;
        const files = `${base}${FONT_DIR}/files/`;
        server.middlewares.use(async (request, response, next) => {
          const path = decodeURIComponent((request.url ?? '').split('?')[0] ?? '');
          try {
            if (path === stylesheet) {
              response.setHeader('content-type', 'text/css; charset=utf-8');
              response.end(await readFile(SOURCE_CSS, 'utf8'));
            } else if (path.startsWith(files) && /^[\w-]+\.woff2$/.test(path.slice(files.length))) {
              response.setHeader('content-type', 'font/woff2');
              response.end(await readFile(join(SOURCE_DIR, 'files', path.slice(files.length))));
            } else next();
          } catch (error) {
            next(error);
          }
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const codePoints = new Set<number>();
        for (const text of await siteText(site)) for (const cp of codePointsOf(text)) codePoints.add(cp);
        const faces = await subsetFaces({
          faces: sourceFacesOf(await readFile(SOURCE_CSS, 'utf8')),
          codePoints,
          readSource: (file) => readFile(join(SOURCE_DIR, file)),
          subset: (font, text) => subsetFont(Buffer.from(font), text, { targetFormat: 'woff2' }),
          subsetterVersion: await subsetterVersion(),
          cacheDir,
          name: NAME,
        });
        const out = join(site, FONT_DIR);
        await mkdir(out, { recursive: true });
        for (const face of faces) await writeFile(join(out, face.file), face.bytes);
        const kept = faces.reduce((n, f) => n + f.codePoints.length, 0);
        const header = `/* Noto Sans KR (SIL Open Font License 1.1, LICENSE.txt beside this file), cut to the ${kept} characters this site shows: src/integrations/font-subset.ts */`;
        await writeFile(join(site, FONT_STYLESHEET), `${header}\n${faces.map((f) => f.css).join('\n')}\n`);
        await copyFile(join(SOURCE_DIR, 'LICENSE'), join(out, 'LICENSE.txt'));
        const bytes = faces.reduce((n, f) => n + f.bytes.byteLength, 0);
        const source = faces.reduce((n, f) => n + f.sourceBytes, 0);
        logger.info(`Noto Sans KR: ${kept} characters in ${faces.length} slice(s), ${kb(bytes)} (the same slices whole: ${kb(source)})`);
      },
    },
  };
}
