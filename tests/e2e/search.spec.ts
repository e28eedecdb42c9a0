import { expect, test, type Page } from '@playwright/test';

async function search(page: Page, term: string) {
  await page.goto('');
  await page.getByRole('button', { name: '검색' }).click();
  const input = page.locator('#search-panel input');
  await expect(input).toBeFocused();
  await input.fill(term);
  const results = page.locator('#search-panel .pagefind-ui__result');
  await expect(results.first()).toBeVisible({ timeout: 10_000 });
  return results;
}

test('search finds the week-2 note by a Korean term', async ({ page }) => {
  const results = await search(page, '레플리케이션컨트롤러');
  await expect(results.first().locator('a').first()).toHaveAttribute('href', /notes\/week-02\//);
});

test('search finds "latest" (the p86 question)', async ({ page }) => {
  const results = await search(page, 'latest');
  await expect(results.first().locator('a').first()).toHaveAttribute('href', /notes\/week-02\//);
});

test('recorded output is searchable and the hit says it is output', async ({ page }) => {
  // "Forwarding from" appears only in the recorded output of the port-forward block.
  const results = await search(page, 'Forwarding');
  await expect(results.first().locator('.pagefind-ui__result-nested .pagefind-ui__result-link').first()).toContainText('실제 출력');
});

test('search is keyboard usable and closes with Escape', async ({ page }) => {
  await page.goto('');
  await page.getByRole('button', { name: '검색' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#search-panel input')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.locator('#search-panel')).toBeHidden();
  await expect(page.getByRole('button', { name: '검색' })).toBeFocused();
});

test('without JavaScript the search UI is not shown', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, ...(baseURL ? { baseURL } : {}) });
  const page = await context.newPage();
  await page.goto('');
  await expect(page.locator('[data-search]')).toBeHidden();
  await context.close();
});
