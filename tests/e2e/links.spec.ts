import { expect, test } from '@playwright/test';

// Crawls every page reachable from the home page and checks each internal link and asset.
// Run against a build with BASE_PATH=/kubia-notes/ too: nothing may escape the base.
test('no broken internal link or asset, and nothing outside the base path', async ({ page, baseURL, request }) => {
  const base = new URL(baseURL ?? 'http://127.0.0.1/');
  const pages = new Set<string>([base.href]);
  const checked = new Map<string, number>();
  const queue = [base.href];
  // Fonts and other assets that CSS pulls in are checked as the pages load them.
  const failedLoads: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failedLoads.push(`${response.status()} ${response.url()}`);
  });
  // A load the crawl itself cancels by going to the next page (the favicon, fetched last and
  // lazily) fails with net::ERR_ABORTED; that asset is still checked below with a request of
  // its own. Every other failure (refused, reset, not found) counts.
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') failedLoads.push(`failed ${request.url()}: ${request.failure()?.errorText}`);
  });
  while (queue.length && pages.size < 200) {
    const url = queue.shift() as string;
    await page.goto(url);
    await page.evaluate(() => document.fonts.ready);
    const refs = await page.evaluate(() =>
      [
        ...[...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
        ...[...document.querySelectorAll('link[href]')].map((l) => (l as HTMLLinkElement).href),
        ...[...document.querySelectorAll('script[src], img[src]')].map((e) => (e as HTMLScriptElement).src),
      ].filter(Boolean),
    );
    for (const ref of refs) {
      const target = new URL(ref);
      target.hash = '';
      if (target.origin !== base.origin) continue;
      expect(target.pathname.startsWith(base.pathname), `${target.pathname} (linked from ${url}) stays under ${base.pathname}`).toBe(true);
      if (!checked.has(target.href)) {
        const response = await request.get(target.href);
        checked.set(target.href, response.status());
        const type = response.headers()['content-type'] ?? '';
        if (type.includes('text/html') && !pages.has(target.href)) {
          pages.add(target.href);
          queue.push(target.href);
        }
      }
    }
  }
  const broken = [...checked].filter(([, status]) => status >= 400);
  expect(broken).toEqual([]);
  expect(failedLoads).toEqual([]);
  expect(pages.size, 'home, note, original, 404 … were crawled').toBeGreaterThan(2);
});
