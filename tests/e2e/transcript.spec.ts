// A recorded transcript block on the site reads as a terminal: each command at its prompt,
// its real output under it, the author's pasted output kept verbatim and folded, and the
// copy button gives the commands only. Driven by the block model and the recordings: every
// transcript block of every note is checked; the site needs at least one.
import { readFileSync, existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { allNotes } from '../support/notes.ts';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import type { RunRecording } from '../../src/lib/store/schema.ts';

const transcripts = allNotes().flatMap((note) => {
  const recordings = existsSync(`content/outputs/${note.id}.json`) ? (JSON.parse(readFileSync(`content/outputs/${note.id}.json`, 'utf8')).blocks as Record<string, RunRecording>) : {};
  return blocksOf(parseMdx(readFileSync(note.source, 'utf8'), note.source), note.source)
    .filter((block) => block.transcript && !block.meta.hidden)
    .map((block) => ({ note: note.id, block, recording: recordings[block.key] }));
});

test('a transcript block shows each command, its real output and the pasted output, and copies only the commands', async ({ page, context, browserName }) => {
  expect(transcripts.length, 'a note of the site has a transcript block (a run block whose first line starts with `$ `)').toBeGreaterThan(0);
  for (const { note, block, recording } of transcripts) {
    expect(recording?.commands, `${block.key}: recorded command by command`).toBeDefined();
    await page.goto(`notes/${note}/`);
    const figure = page.locator(`[data-block-id="${block.key}"]`);
    const steps = figure.locator('[data-command-index]');
    await expect(steps).toHaveCount(block.transcript?.length ?? 0);
    for (const [i, command] of (block.transcript ?? []).entries()) {
      const step = steps.nth(i);
      await expect(step.locator('[data-command]')).toHaveText(command.command);
      const output = recording?.commands?.[i]?.transcript ?? '';
      if (output !== '') expect(await step.locator('[data-command-output] pre').innerText(), `${block.key}: command ${i + 1}'s real output`).toBe(output.replace(/\n$/, ''));
      if (command.pasted === '') continue;
      const pasted = step.locator('[data-pasted-output]');
      await expect(pasted.locator('summary')).toHaveText('노트에 적힌 출력');
      await expect(pasted.locator('[data-pasted-text]')).not.toBeVisible();
      await pasted.locator('summary').click();
      expect(await pasted.locator('[data-pasted-text]').innerText(), `${block.key}: the pasted lines, verbatim`).toBe(command.pasted);
    }
    if (browserName !== 'chromium') continue;
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await figure.locator('[data-copy]').click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(block.transcript?.map((c) => c.command).join('\n'));
  }
});
