import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { allNotes } from '../support/notes.ts';

const notes = allNotes();

test('the home page lists every note by week, in Korean', async ({ page }) => {
  await page.goto('');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  for (const note of notes) {
    await expect(page.locator(`a[href$="notes/${note.id}/"]`)).toHaveCount(1);
  }
  await expect(page.locator('section.week h3').first()).toHaveText(/\d+주차/);
});

test('a note links to its table of contents headings', async ({ page }) => {
  await page.goto(`notes/${notes[0]?.id}/`);
  const links = page.locator('nav.toc a');
  expect(await links.count()).toBeGreaterThan(3);
  const href = await links.nth(1).getAttribute('href');
  await expect(page.locator(`[id="${decodeURIComponent((href ?? '#missing').slice(1))}"]`)).toHaveCount(1);
});

for (const note of notes.filter((n) => n.originalText)) {
  test(`"원본 노트" of ${note.id} shows the original text unchanged`, async ({ page }) => {
    await page.goto(`notes/${note.id}/`);
    await page.getByRole('link', { name: '원본 노트' }).click();
    const shown = await page.locator('[data-original]').textContent();
    expect(shown).toBe(note.originalText);
  });
}

test('the two diagrams are drawn as SVG with Korean labels and a text alternative', async ({ page }) => {
  await page.goto('notes/week-02/');
  const diagrams = page.locator('figure.diagram svg[role="img"]');
  await expect(diagrams).toHaveCount(2);
  for (let i = 0; i < 2; i++) {
    const svg = diagrams.nth(i);
    expect((await svg.locator('desc').textContent())?.length).toBeGreaterThan(40);
    await expect(svg.locator('text').first()).toHaveText(/[가-힣a-z]/);
  }
  await expect(diagrams.first().locator('text', { hasText: 'API 서버' })).toHaveCount(1);
  await expect(diagrams.nth(1).locator('text', { hasText: '레플리케이션컨트롤러' })).toHaveCount(1);
});

test('printing a note hides the site chrome but keeps commands and outputs', async ({ page }) => {
  await page.goto('notes/week-02/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('nav.toc')).toBeHidden();
  await expect(page.locator('[data-output-for="hello-world"] [data-output-text]')).toBeVisible();
  await expect(page.locator('[data-block-id="hello-world"] pre').first()).toBeVisible();
});

test('the note list and the note page summarise the verification with versions', async ({ page }) => {
  const recording = JSON.parse(readFileSync('content/outputs/week-02.json', 'utf8'));
  const runs = Object.values(recording.blocks as Record<string, { kind: string }>).filter((b) => b.kind === 'run').length;
  for (const path of ['', 'notes/week-02/']) {
    await page.goto(path);
    const summary = page.locator('[data-verification]').first();
    await expect(summary).toContainText(`명령어 블록 ${runs}개`);
    await expect(summary).toContainText(/Docker \d+\.\d+/);
    await expect(summary).toContainText(/Kubernetes v1\.\d+\.\d+/);
  }
});

test('a block\'s copy button puts the command on the clipboard', async ({ page, context, browserName }) => {
  test.skip(browserName !== 'chromium', 'clipboard permissions are Chromium-only here');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('notes/week-02/');
  const figure = page.locator('[data-block-id="hello-world"]');
  await figure.getByRole('button', { name: '복사' }).click();
  await expect(figure.getByRole('button', { name: '복사됨' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('docker run busybox echo "Hello world"');
});

test('the RSS feed dates every note by its last real run', async ({ request }) => {
  const response = await request.get('rss.xml');
  expect(response.ok()).toBe(true);
  const xml = await response.text();
  const items = xml.split('<item>').slice(1);
  expect(items.length, 'the feed has the notes').toBeGreaterThan(0);
  for (const item of items) expect(item, 'each item carries a pubDate').toMatch(/<pubDate>\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT<\/pubDate>/);
});

test('plain code blocks get a copy button too, and screen readers hear "복사됨"', async ({ page, context, browserName }) => {
  test.skip(browserName !== 'chromium', 'clipboard permissions are Chromium-only here');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('notes/week-02/');
  const plain = page.locator('pre.astro-code:not(.run-block pre):not([data-output-text] pre)');
  const count = await plain.count();
  expect(count, 'the note has plain code blocks').toBeGreaterThan(0);
  await expect(page.locator('.copy-button--plain')).toHaveCount(count);
  const first = page.locator('.copy-button--plain').first();
  await first.click();
  await expect(page.locator('[data-copy-status]')).toHaveText('복사됨');
  const text = await plain.first().innerText();
  expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe(text.trim());
});
