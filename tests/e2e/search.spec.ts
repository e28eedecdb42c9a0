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

test('a search that fails to load says so and can be retried with a button', async ({ page }) => {
  let aborted = 0;
  await page.route('**/pagefind/pagefind-ui.js', (route) => (aborted++ === 0 ? route.abort() : route.continue()));
  await page.goto('');
  await page.getByRole('button', { name: '검색' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('검색을 불러오지 못했습니다');
  const retry = page.getByRole('button', { name: '다시 시도' });
  await expect(retry).toBeFocused();
  await retry.click();
  await expect(alert).toBeHidden();
  const input = page.locator('#search-panel input');
  await expect(input).toBeFocused();
  await input.fill('레플리케이션컨트롤러');
  await expect(page.locator('#search-panel .pagefind-ui__result').first()).toBeVisible({ timeout: 10_000 });
  expect(aborted, 'the first load was aborted, the retry loaded').toBe(2);
});
