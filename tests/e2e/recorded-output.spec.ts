import { readFileSync, existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { allNotes } from '../support/notes.ts';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import { koreanDateTime } from '../../src/lib/korean-time.ts';

const blocksOfNoteSync = (source: string) => blocksOf(parseMdx(readFileSync(source, 'utf8'), source), source);

interface RunRecording {
  kind: 'run';
  normalized: string;
  exitCode: number;
  environment: { docker?: { server: string }; kubernetes?: { server: string } };
  masks: Array<{ name: string }>;
}

function recordingsOf(note: string): Record<string, RunRecording> {
  const path = `content/outputs/${note}.json`;
  if (!existsSync(path)) return {};
  const blocks = JSON.parse(readFileSync(path, 'utf8')).blocks as Record<string, RunRecording | { kind: 'file' }>;
  return Object.fromEntries(Object.entries(blocks).filter((entry): entry is [string, RunRecording] => entry[1].kind === 'run'));
}

for (const note of allNotes()) {
  // Driven by the block model, not by the panels the page happens to have: a run block the
  // page forgot to give a panel fails here.
  const runBlocks = blocksOfNoteSync(note.source).filter((b) => b.kind === 'run' && !b.meta.hidden);

  test(`${note.id}: every run block shows exactly its recorded output`, async ({ page }) => {
    // A dozen checks per block, ~40 blocks a note: more than the default 30 s on a busy 2-core runner.
    test.slow();
    const recordings = recordingsOf(note.id);
    await page.goto(`notes/${note.id}/`);
    expect(runBlocks.length, 'the note has run blocks').toBeGreaterThan(0);
    await expect(page.locator('[data-output-for]'), 'one panel per visible run block, no more').toHaveCount(runBlocks.length);
    for (const { key: id } of runBlocks) {
      const panel = page.locator(`[data-output-for="${id}"]`);
      await expect(panel, `block ${id} has its output panel`).toHaveCount(1);
      const recording = recordings[id];
      expect(recording, `block ${id} has a recording`).toBeDefined();
      await expect(panel, `block ${id}: its recording is current`).toHaveAttribute('data-output-state', 'recorded');
      const shown = recording?.normalized === '' ? '' : await panel.locator('[data-output-text] pre').innerText();
      expect(shown.replace(/\n$/, ''), `block ${id}`).toBe((recording?.normalized ?? '').replace(/\n$/, ''));
      const stamp = panel.locator('[data-verified]');
      await expect(stamp).toContainText('검증됨');
      // Shown in Korea's time, whatever the zone of the machine that built the site.
      const time = stamp.locator('time');
      await expect(time).toHaveText(koreanDateTime((await time.getAttribute('datetime')) ?? ''));
      await expect(time).toHaveText(/^\d{4}년 \d{1,2}월 \d{1,2}일 \d{2}:\d{2} \(KST\)$/);
      const needs = (await page.locator(`[data-block-id="${id}"]`).getAttribute('data-needs')) ?? '';
      if (needs.includes('docker')) await expect(stamp).toContainText(`Docker ${recording?.environment.docker?.server}`);
      if (needs.includes('kind')) await expect(stamp).toContainText(`Kubernetes ${recording?.environment.kubernetes?.server}`);
      if (recording?.masks.length) {
        await expect(panel.locator('[data-mask]')).toHaveCount(recording.masks.length);
      }
    }
  });

  test(`${note.id}: output that looks like HTML is shown as text`, async ({ page }) => {
    const withMarkup = Object.entries(recordingsOf(note.id)).filter(([, r]) => /<[a-z/!]/i.test(r.normalized));
    test.skip(withMarkup.length === 0, 'no recorded output of this note contains markup');
    await page.goto(`notes/${note.id}/`);
    for (const [id, recording] of withMarkup) {
      const text = page.locator(`[data-output-for="${id}"] [data-output-text] pre`);
      expect(await text.innerText()).toContain(recording.normalized.match(/<[^>\n]*>?/)?.[0] ?? '<');
      await expect(text.locator('script, pending, none, img')).toHaveCount(0);
    }
  });

  test(`${note.id}: blocks meant to fail are marked`, async ({ page }) => {
    await page.goto(`notes/${note.id}/`);
    const failing = page.locator('.run-block--expect-fail');
    for (let i = 0; i < (await failing.count()); i++) {
      await expect(failing.nth(i).locator('.badge--fail')).toHaveText('실패해야 하는 명령');
    }
  });
}

test('week-02: kubectl get nodes shows a Ready node at the version the stamp names', async ({ page }) => {
  await page.goto('notes/week-02/');
  const panel = page.locator('[data-output-for="get-nodes"]');
  const output = await panel.locator('[data-output-text] pre').innerText();
  const row = output.split('\n').find((line) => /\bReady\b/.test(line));
  expect(row, 'a Ready node').toBeDefined();
  const version = /\bv\d+\.\d+\.\d+\b/.exec(row ?? '')?.[0];
  expect(version).toBeDefined();
  await expect(panel.locator('[data-verified]')).toContainText(`Kubernetes ${version}`);
});
