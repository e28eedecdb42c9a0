import { expect, test, type Page } from '@playwright/test';
import { allNotes } from '../support/notes.ts';

// A byte budget, not a timing: what the note page transfers in fonts, and that the subset
// (src/integrations/font-subset.ts) still draws its Korean. This Chromium has neither Apple SD
// Gothic Neo nor Malgun Gothic, so the page falls through the stack to the site's font.
const FONT_BUDGET_BYTES = 150 * 1024;
const FAMILY = 'Noto Sans KR Variable';

async function fontTransfers(page: Page, path: string) {
  const pending: Array<Promise<{ url: string; bytes: number }>> = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() === 'font') pending.push(request.sizes().then((sizes) => ({ url: request.url(), bytes: sizes.responseBodySize })));
  });
  await page.goto(path, { waitUntil: 'networkidle' });
  await page.evaluate(() => document.fonts.ready);
  return Promise.all(pending);
}

for (const note of allNotes()) {
  test(`the ${note.id} page transfers at most 150 KB of fonts, all of them the site's subset`, async ({ page }) => {
    const fonts = await fontTransfers(page, `notes/${note.id}/`);
    expect(fonts.length, 'the page uses the web font at all').toBeGreaterThan(0);
    for (const { url } of fonts) expect(url).toMatch(/\/fonts\/noto-sans-kr-\w+-[0-9a-f]{10}\.woff2$/);
    const total = fonts.reduce((n, f) => n + f.bytes, 0);
    expect(total, `${(total / 1024).toFixed(1)} KB of fonts`).toBeLessThanOrEqual(FONT_BUDGET_BYTES);
  });
}

test('Korean on the note page is drawn with the subset font, and every syllable on it is in the subset', async ({ page }) => {
  await page.goto(`notes/${allNotes()[0]?.id}/`);
  await page.evaluate(() => document.fonts.ready);
  const found = await page.evaluate((family) => {
    const faces = [...document.fonts].filter((face) => face.family.replace(/["']/g, '') === family);
    const ranges = faces.flatMap((face) =>
      face.unicodeRange.split(',').map((part) => {
        const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
        return [parseInt(from ?? '0', 16), parseInt(to ?? from ?? '0', 16)] as const;
      }),
    );
    const covered = (char: string) => ranges.some(([from, to]) => (char.codePointAt(0) ?? 0) >= from && (char.codePointAt(0) ?? 0) <= to);
    const syllables = [...new Set((document.querySelector('main')?.textContent ?? '').match(/[가-힣]/g) ?? [])];
    const heading = document.querySelector('main h1')?.textContent ?? '';
    const glyph = heading.match(/[가-힣]/)?.[0] ?? '';
    return {
      faces: faces.length,
      loaded: faces.filter((face) => face.status === 'loaded').length,
      syllables: syllables.length,
      uncovered: syllables.filter((char) => !covered(char)),
      glyph,
      glyphReady: document.fonts.check(`700 32px "${family}"`, glyph),
    };
  }, FAMILY);
  expect(found.syllables).toBeGreaterThan(100);
  expect(found.uncovered, 'syllables on the page that no slice of the subset has').toEqual([]);
  expect(found.loaded).toBeGreaterThan(0);
  expect(found.glyphReady, `"${found.glyph}" of the heading is loaded in ${FAMILY}`).toBe(true);

  // What Chromium actually drew the heading with: the web font, not a system fallback.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  for (const selector of ['main h1', 'main .note__summary']) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.length, selector).toBeGreaterThan(0);
    expect(fonts.filter((font) => !font.isCustomFont).map((font) => font.familyName), `${selector}: no glyph from a system font`).toEqual([]);
    expect(fonts.every((font) => /Noto Sans KR/.test(font.familyName)), JSON.stringify(fonts)).toBe(true);
  }
});
