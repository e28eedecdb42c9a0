import { expect, test, type Page } from '@playwright/test';
import { lostLines } from '../../src/lib/originals/kept-lines.ts';
import { originalForm } from '../../src/lib/originals/original-file.ts';
import { allNotes } from '../support/notes.ts';

const notes = allNotes();

function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return errors;
}

for (const note of notes) {
  test.describe(`note ${note.id}`, () => {
    test('renders without console errors, failed requests or off-site requests', async ({ page, baseURL }) => {
      const errors = watchForErrors(page);
      const offSite: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(new URL(baseURL ?? '').origin) && !request.url().startsWith('data:')) offSite.push(request.url());
      });
      await page.goto(`notes/${note.id}/`);
      await expect(page.locator('article.note > header h1')).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      expect(errors).toEqual([]);
      expect(offSite, 'fonts and assets are served by the site itself, no CDN').toEqual([]);
    });

    // The build checks the note's source (src/lib/originals/kept-lines.ts); this checks the
    // page as rendered, with the same comparison, so what a component drops is caught too.
    test('keeps every line of the original notes', async ({ page }) => {
      test.skip(!note.originalText, 'this note has no original');
      await page.goto(`notes/${note.id}/`);
      const pageText = await page.locator('article.note').innerText();
      const lines = (note.originalText ?? '').split('\n');
      const missing = lostLines(note.originalText ?? '', originalForm(note.originalName ?? ''), pageText).map((line) => `${line}: ${lines[line - 1]}`);
      expect(missing, 'lines of the original that the page lost or changed').toEqual([]);
    });

    test('every question is followed by its answer', async ({ page }) => {
      await page.goto(`notes/${note.id}/`);
      const questions = page.locator('[data-callout="question"]');
      const count = await questions.count();
      for (let i = 0; i < count; i++) {
        const next = questions.nth(i).locator('xpath=following-sibling::*[1]');
        await expect(next, `question ${i + 1} has an answer right after it`).toHaveAttribute('data-callout', 'answer');
        expect((await next.innerText()).length).toBeGreaterThan(40);
      }
    });

    test('Korean text renders with the self-hosted Noto Sans KR (variable) where the system has no Korean font of its own', async ({ page }) => {
      await page.goto(`notes/${note.id}/`);
      const fonts = await page.evaluate(async () => {
        await document.fonts.ready;
        const loaded = [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family.replace(/["']/g, ''));
        const title = document.querySelector('main h1')?.textContent ?? '';
        return { loaded, hangul: document.fonts.check('16px "Noto Sans KR Variable"', title), body: getComputedStyle(document.body).fontFamily };
      });
      // macOS/iOS and Windows readers get their system's Korean font and download none.
      expect(fonts.body).toMatch(/^"?Apple SD Gothic Neo"?, "?Malgun Gothic"?, "?Noto Sans KR Variable/);
      expect(fonts.loaded).toContain('Noto Sans KR Variable');
      expect(fonts.hangul).toBe(true);
    });

    test('code blocks are highlighted by Shiki in light and dark', async ({ page }) => {
      await page.goto(`notes/${note.id}/`);
      const code = page.locator('.note pre.astro-code').first();
      await expect(code).toBeVisible();
      const colours = await code.locator('span[style*="--shiki-light"]').evaluateAll((spans) => [
        ...new Set(spans.map((s) => getComputedStyle(s).color)),
      ]);
      expect(colours.length, 'several token colours').toBeGreaterThan(1);
    });

    for (const width of [360, 375]) {
      test(`has no horizontal scroll at ${width} px`, async ({ page }) => {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`notes/${note.id}/`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      });
    }

    test('is readable with JavaScript off', async ({ browser, baseURL }) => {
      const context = await browser.newContext({ javaScriptEnabled: false, ...(baseURL ? { baseURL } : {}) });
      const page = await context.newPage();
      await page.goto(`notes/${note.id}/`);
      await expect(page.locator('article.note > header h1')).toBeVisible();
      await expect(page.locator('.theme-toggle'), 'no dead button without JS').toBeHidden();
      expect((await page.locator('article.note').innerText()).length).toBeGreaterThan(1000);
      await context.close();
    });
  });
}

test('the theme switch toggles dark mode and remembers it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`notes/${notes[0]?.id}/`);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const codeColour = () => page.locator('pre.astro-code').first().evaluate((el) => getComputedStyle(el).backgroundColor);
  const lightBg = await background();
  const lightCode = await codeColour();
  await page.getByRole('button', { name: '어둡게 보기' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: '밝게 보기' })).toBeVisible();
  expect(await background()).not.toBe(lightBg);
  expect(await codeColour()).not.toBe(lightCode);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the system dark preference applies without JavaScript choices', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`notes/${notes[0]?.id}/`);
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(dark).not.toBe(light);
});
