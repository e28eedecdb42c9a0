import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { allNotes } from '../support/notes.ts';

const pages = ['', ...allNotes().flatMap((n) => [`notes/${n.id}/`, `notes/${n.id}/original/`]), '404.html'];

for (const path of pages) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`no serious or critical axe violation on /${path} (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(path);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
    });
  }
}
