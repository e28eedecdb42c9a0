import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { allNotes } from '../support/notes.ts';

const pages = ['', 'changes/', ...allNotes().flatMap((n) => [`notes/${n.id}/`, `notes/${n.id}/original/`]), '404.html'];

for (const path of pages) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`no serious or critical axe violation on /${path} (${colorScheme})`, async ({ page }) => {
      // axe visits every node: a note with dozens of output panels takes ~9 s here on a quiet
      // machine and over 30 s on a loaded one, so note pages get the slow budget.
      if (path.startsWith('notes/')) test.slow();
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    });
  }
}

test('headings descend one level at a time on the note pages (output titles included)', async ({ page }) => {
  for (const note of allNotes()) {
    await page.goto(`notes/${note.id}/`);
    const levels = await page.locator('main h1, main h2, main h3, main h4, main h5, main h6').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    const jumps = levels.flatMap((level, i) => (i > 0 && level > (levels[i - 1] as number) + 1 ? [`h${levels[i - 1]} → h${level} at #${i}`] : []));
    expect(jumps).toEqual([]);
  }
});
