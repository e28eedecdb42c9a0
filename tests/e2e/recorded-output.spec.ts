import { readFileSync, existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { allNotes } from '../support/notes.ts';
import { blocksOf } from '../../src/lib/blocks/extract.ts';
import { parseMdx } from '../../src/lib/blocks/parse-note.ts';
import { koreanDateTime } from '../../src/lib/korean-time.ts';
import { normalizeTranscript } from '../../src/lib/normalize/index.ts';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const blocksOfNoteSync = (source: string) => blocksOf(parseMdx(readFileSync(source, 'utf8'), source), source);

interface RunRecording {
  kind: 'run';
  transcript: string;
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
    for (const { key: id, transcript } of runBlocks) {
      const panel = page.locator(`[data-output-for="${id}"]`);
      await expect(panel, `block ${id} has its output panel`).toHaveCount(1);
      const recording = recordings[id];
      expect(recording, `block ${id} has a recording`).toBeDefined();
      await expect(panel, `block ${id}: its recording is current`).toHaveAttribute('data-output-state', 'recorded');
      // What the terminal printed, character for character (the highlighter drops one final line break).
      // A transcript block shows its outputs command by command above the panel (transcript.spec.ts).
      const shown = recording?.transcript === '' || transcript ? '' : await panel.locator('[data-output-text] pre').innerText();
      expect(shown, `block ${id}: the panel shows the transcript`).toBe(transcript ? '' : (recording?.transcript ?? '').replace(/\n$/, ''));
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

  test(`${note.id}: every value the comparison replaces is marked where it is, named, and numbered like its equals`, async ({ page }) => {
    const recordings = recordingsOf(note.id);
    await page.goto(`notes/${note.id}/`);
    let marked = 0;
    for (const block of runBlocks) {
      const recording = recordings[block.key];
      if (!recording || block.transcript) continue;
      // The spans come from the normalisers run on the recording here, not from the page.
      const spans = normalizeTranscript(recording.transcript, block.meta.normalize).spans.filter(
        (span) => !span.layout && /[^\r\n]/.test(recording.transcript.slice(span.start, span.end)),
      );
      const panel = page.locator(`[data-output-for="${block.key}"] [data-output-text]`);
      const marks = await panel.locator('mark.volatile').evaluateAll((elements) =>
        elements.map((mark) => ({
          span: Number(mark.getAttribute('data-span')),
          text: mark.textContent ?? '',
          name: mark.getAttribute('data-volatile'),
          number: mark.getAttribute('data-n'),
          focusable: mark.getAttribute('tabindex') === '0',
        })),
      );
      expect(new Set(marks.map((m) => m.span)).size, `block ${block.key}: one mark per replaced value`).toBe(spans.length);
      const seen = new Map<string, string>();
      for (const [index, span] of spans.entries()) {
        const parts = marks.filter((m) => m.span === index);
        const first = parts[0];
        expect(parts.map((p) => p.text).join(''), `block ${block.key}: mark ${index} covers exactly what ${span.name} replaces`).toBe(recording.transcript.slice(span.start, span.end).replace(/\r?\n/g, ''));
        expect(parts.every((p) => p.name === span.name), `block ${block.key}: mark ${index} is named ${span.name}`).toBe(true);
        expect(first?.focusable, `block ${block.key}: mark ${index} is reached by keyboard`).toBe(true);
        expect(first?.number ?? undefined, `block ${block.key}: mark ${index} carries its number`).toBe(span.number === undefined ? undefined : String(span.number));
        const mark = panel.locator(`mark.volatile[data-span="${index}"][tabindex="0"]`);
        await expect(mark, `block ${block.key}: mark ${index} names itself`).toHaveAccessibleDescription(new RegExp(`${escapeRegExp(span.description)}$`));
        if (span.number !== undefined) {
          // Equal values share a number, and a number stands for one value.
          const key = `${span.name} ${span.number}`;
          const text = parts.map((p) => p.text).join('');
          expect(seen.get(key) ?? text, `block ${block.key}: ${key} marks one value`).toBe(text);
          seen.set(key, text);
        }
        marked++;
      }
      const numbered = [...seen.entries()];
      for (const [key, text] of numbered) {
        const others = numbered.filter(([other, value]) => other !== key && other.split(' ')[0] === key.split(' ')[0] && value === text);
        expect(others, `block ${block.key}: the value of ${key} has no second number`).toEqual([]);
      }
    }
    expect(marked, 'the note has values to mark').toBeGreaterThan(0);
  });

  test(`${note.id}: the comparison form is one click away, and is exactly the stored one`, async ({ page }) => {
    const recordings = recordingsOf(note.id);
    await page.goto(`notes/${note.id}/`);
    for (const { key: id } of runBlocks) {
      const recording = recordings[id];
      const comparison = page.locator(`[data-output-for="${id}"] [data-output-comparison]`);
      if (!recording || recording.normalized === recording.transcript) {
        await expect(comparison, `block ${id}: nothing replaced, no second copy`).toHaveCount(0);
        continue;
      }
      await expect(comparison.locator('summary')).toHaveText('비교에 쓰는 형태 보기');
      await expect(comparison.locator('pre, .output__same').first()).toBeHidden();
      await comparison.locator('summary').click();
      if (recording.normalized === '') {
        expect(await comparison.locator('.output__empty').innerText(), `block ${id}: the comparison form`).toBe('(출력 없음)');
        continue;
      }
      // The panel shows only what differs; each run it leaves out names lines of the transcript
      // shown above. Put back from the page alone, it must be exactly the stored form.
      const transcriptLines = (await page.locator(`[data-output-for="${id}"] [data-output-text] pre`).innerText()).split('\n');
      const parts = await comparison.locator(':scope > pre, :scope > .output__same').evaluateAll((elements) =>
        elements.map((e) => ({ text: (e as HTMLElement).innerText, from: e.matches('pre') ? 0 : Number(e.getAttribute('data-same-from')), count: Number(e.getAttribute('data-same-count')) })),
      );
      expect(parts.length, `block ${id}: the comparison panel shows something`).toBeGreaterThan(0);
      const rebuilt = parts.map((part) => (part.from > 0 ? transcriptLines.slice(part.from - 1, part.from - 1 + part.count).join('\n') : part.text.replace(/\n$/, ''))).join('\n');
      expect(rebuilt, `block ${id}: the comparison form`).toBe(recording.normalized.replace(/\n$/, ''));
      for (const part of parts) if (part.from > 0) expect(part.text).toBe(`⋯ 위 출력의 ${part.from}–${part.from + part.count - 1}번째 줄과 같음 (${part.count}줄) ⋯`);
    }
  });

  test(`${note.id}: output that looks like HTML is shown as text`, async ({ page }) => {
    const withMarkup = Object.entries(recordingsOf(note.id)).filter(([, r]) => /<[a-z/!]/i.test(r.transcript));
    test.skip(withMarkup.length === 0, 'no recorded output of this note contains markup');
    await page.goto(`notes/${note.id}/`);
    for (const [id, recording] of withMarkup) {
      const text = page.locator(`[data-output-for="${id}"] [data-output-text] pre`);
      expect(await text.innerText()).toContain(recording.transcript.match(/<[^>\n]*>?/)?.[0] ?? '<');
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

test('a marked value names itself in a visible tooltip on keyboard focus and on hover, without JavaScript', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, ...(baseURL ? { baseURL } : {}) });
  const page = await context.newPage();
  await page.goto('notes/week-02/');
  const tooltip = (mark: ReturnType<typeof page.locator>) => mark.evaluate((el) => getComputedStyle(el, '::before').content);
  const first = page.locator('[data-output-text] mark.volatile[tabindex="0"]').first();
  const description = (await first.getAttribute('aria-description')) ?? '';
  expect(description).toMatch(/ — /);
  expect(await tooltip(first), 'no tooltip before').toBe('none');
  // Tab from the output's <pre> (itself focusable) lands on its first mark.
  await first.locator('xpath=ancestor::pre').focus();
  await page.keyboard.press('Tab');
  await expect(first).toBeFocused();
  expect(await tooltip(first)).toBe(JSON.stringify(description));
  await page.locator('h1').first().click();
  const other = page.locator('[data-output-text] mark.volatile[tabindex="0"]').nth(1);
  await other.hover();
  expect(await tooltip(other)).toBe(JSON.stringify((await other.getAttribute('aria-description')) ?? ''));
  // The comparison form opens without JavaScript too.
  const comparison = page.locator('[data-output-comparison]').first();
  await comparison.locator('summary').click();
  await expect(comparison.locator('pre')).toBeVisible();
  await context.close();
});
