// Screenshots of the note pages as readers see them: 1280 px and 375 px, light and dark.
// Run: npm run build && npm run screenshots   → screenshots/<page>-<width>-<theme>.png
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumExecutable } from '../tests/support/chromium.ts';
import { allNotes } from '../tests/support/notes.ts';
import { serveDist } from './lib/cli/static-server.ts';

const PORT = 4392;
const OUT = 'screenshots';
const pages = [{ name: 'home', path: '/' }, ...allNotes().map((n) => ({ name: n.id, path: `/notes/${n.id}/` }))];

mkdirSync(OUT, { recursive: true });
const server = await serveDist('dist', PORT);
const executablePath = chromiumExecutable(() => chromium.executablePath());
const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--disable-background-networking'] });
try {
  for (const { name, path } of pages) {
    for (const width of [1280, 375]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width, height: width > 800 ? 900 : 800 }, colorScheme, deviceScaleFactor: width > 800 ? 1 : 2 });
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${PORT}${path}`);
        await page.evaluate(() => document.fonts.ready);
        const file = `${OUT}/${name}-${width}-${colorScheme}.png`;
        await page.screenshot({ path: file });
        console.log(file);
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  server.close();
}
