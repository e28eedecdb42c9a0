import { expect, test } from '@playwright/test';
import { allNotes } from '../support/notes.ts';

const notes = allNotes();
const total = notes.reduce((n, note) => n + note.bookChanges, 0);

test('the changes page lists every <BookChange> of every note, as many as the notes\' source has', async ({ page }) => {
  expect(total, 'the notes have book changes to list').toBeGreaterThan(0);
  await page.goto('changes/');
  await expect(page.locator('h1')).toHaveText('책과 달라진 점');
  await expect(page.locator('[data-book-change]')).toHaveCount(total);
  for (const note of notes) {
    await expect(page.locator(`section[data-note="${note.id}"] [data-book-change]`), note.source).toHaveCount(note.bookChanges);
  }
  // Every change says what the book has and what the note uses now.
  for (const change of await page.locator('[data-book-change]').all()) {
    await expect(change.locator('dd').first()).not.toBeEmpty();
    await expect(change.locator('dd').nth(1)).not.toBeEmpty();
  }
});

test('each change links to an existing block anchor on its note page, with the verdict that page shows', async ({ page, context }) => {
  await page.goto('changes/');
  const links = await page.locator('[data-proof-link], [data-book-run-link]').evaluateAll((as) =>
    as.map((a) => ({ href: (a as HTMLAnchorElement).href, key: (a as HTMLElement).dataset.proofLink ?? (a as HTMLElement).dataset.bookRunLink ?? '', currency: a.parentElement?.querySelector('[data-currency]')?.getAttribute('data-currency') })),
  );
  expect(links.length).toBeGreaterThanOrEqual(total);
  const notePage = await context.newPage();
  for (const link of links) {
    const url = new URL(link.href);
    expect(url.hash, link.href).toBe(`#block-${link.key}`);
    await notePage.goto(link.href);
    const block = notePage.locator(`[id="${url.hash.slice(1)}"]`);
    await expect(block, link.href).toHaveCount(1);
    await expect(block).toHaveAttribute('data-block-id', link.key);
    // The same currency decides both pages: 검증됨 there is 검증됨 here.
    const shown = await block.locator('[data-output-for]').getAttribute('data-output-state');
    expect(shown === 'recorded' ? 'current' : shown, `${link.key}: changes page and note page agree`).toBe(link.currency);
    if (link.currency === 'current') await expect(page.locator(`[data-change-block="${link.key}"] [data-verified]`).first()).toContainText('검증됨');
  }
  // "노트에서 보기" lands on the annotation itself.
  for (const href of await page.locator('.change__in-note a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
    await notePage.goto(href);
    await expect(notePage.locator(`[id="${new URL(href).hash.slice(1)}"][data-callout="bookChange"]`), href).toHaveCount(1);
  }
});

test('the home page and every note link to the changes page', async ({ page }) => {
  for (const path of ['', ...notes.map((n) => `notes/${n.id}/`)]) {
    await page.goto(path);
    await page.getByRole('link', { name: '책과 달라진 점 모아 보기' }).click();
    await expect(page).toHaveURL(/\/changes\/$/);
  }
});
