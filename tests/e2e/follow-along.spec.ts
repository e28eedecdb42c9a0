// The note page's "내 컴퓨터에서 따라 하기" box: the commands that run the note on the reader's
// machine (npm run follow) for every note that has run blocks.
import { expect, test } from '@playwright/test';
import { allNotes } from '../support/notes.ts';

for (const note of allNotes()) {
  test(`note ${note.id}: the follow-along box gives the commands for this note`, async ({ page }) => {
    await page.goto(`notes/${note.id}/`);
    const box = page.locator('article.note > header [data-follow]');
    await expect(box).toHaveCount(1);
    await expect(box.locator('summary')).toHaveText('내 컴퓨터에서 따라 하기');
    const commands = box.locator('.follow__commands');
    await expect(commands).toBeHidden();
    await box.locator('summary').click();
    await expect(commands).toBeVisible();
    await expect(commands).toContainText('npm ci && npm run setup');
    await expect(commands).toContainText(`npm run follow -- ${note.id}`);
    await expect(box).toContainText('바뀌는 값만 다름');
    // Keyboard: the summary is reachable and toggles the box.
    await box.locator('summary').press('Enter');
    await expect(commands).toBeHidden();
  });
}
