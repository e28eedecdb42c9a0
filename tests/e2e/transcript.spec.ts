// A recorded transcript block on the page reads as a terminal: each command at its prompt,
// its real output under it, the author's pasted output kept verbatim and folded with a diff
// to today's, and the copy button gives the commands only. The site's own notes have no
// transcript block (the student pasted no output), so this test builds its own site: a copy
// of the project with one more note, recorded for real by the CLI (no Docker: echo and
// printf), built with astro and served on 127.0.0.1.
import { expect, test } from '@playwright/test';
import { siteCopy } from '../support/site-copy.ts';

const NOTE = 'week-90';
const BLOCK = 'terminal';
const NOTE_TEXT = `---
title: "90주차: 터미널 기록 블록"
week: 90
chapter: 2
chapterTitle: "도커와 쿠버네티스 첫걸음"
summary: "터미널에서 본 그대로 붙여 넣은 블록이 페이지에서 어떻게 보이는지 확인하는 시험용 노트입니다."
aliases: { say: echo }
---

# 터미널 기록

\`\`\`sh run id=${BLOCK}
$ say a
a
bash> printf '%s\\n' b \\
> c
b
x
$ echo done
\`\`\`
`;

/** What the page must show, written out by hand (not read back from the block model). */
const STEPS = [
  { prompt: '$ ', command: 'say a', output: 'a', pasted: 'a' },
  { prompt: 'bash> ', command: "printf '%s\\n' b \\\nc", output: 'b\nc', pasted: 'b\nx' },
  { prompt: '$ ', command: 'echo done', output: 'done', pasted: undefined },
] as const;

test.describe.configure({ mode: 'serial' });

let copy: Awaited<ReturnType<typeof siteCopy>> | undefined;
let site: { url: string; close: () => Promise<void> } | undefined;

test.beforeAll(async () => {
  // Record twice (--update), build the whole site: bounded here and inside each step.
  test.setTimeout(300_000);
  copy = await siteCopy();
  await copy.write(`content/notes/${NOTE}.mdx`, NOTE_TEXT);
  const recorded = await copy.verifyNotes(['--update', '--note', NOTE]);
  expect(recorded.exitCode, `verify-notes --update --note ${NOTE}\n${recorded.stdout}\n${recorded.stderr}`).toBe(0);
  const recording = JSON.parse(await copy.read(`content/outputs/${NOTE}.json`));
  expect(recording.blocks[BLOCK]?.commands?.map((c: { command: string }) => c.command), 'recorded command by command').toEqual(STEPS.map((s) => s.command));
  // The site at / whatever BASE_PATH this run has: the copy is served from its root.
  const build = await copy.build({ env: { BASE_PATH: '/' } });
  expect(build.code, build.output).toBe(0);
  site = await copy.serve();
});

test.afterAll(async () => {
  await site?.close();
  await copy?.dispose();
});

test('each command at its prompt with its real output, the pasted output kept and folded with a diff to today\'s', async ({ page }) => {
  await page.goto(`${site?.url}notes/${NOTE}/`);
  const figure = page.locator(`[data-block-id="${BLOCK}"]`);
  await expect(figure).toHaveCount(1);
  await expect(figure.locator(`[data-output-for="${BLOCK}"]`), 'the block has its output panel, current').toHaveAttribute('data-output-state', 'recorded');
  const steps = figure.locator('[data-command-index]');
  await expect(steps).toHaveCount(STEPS.length);
  await expect(figure.locator('[data-pasted-output]'), 'one fold per command with pasted lines').toHaveCount(STEPS.filter((s) => s.pasted !== undefined).length);
  for (const [i, expected] of STEPS.entries()) {
    const step = steps.nth(i);
    const what = `command ${i + 1} (${expected.command.split('\n')[0]})`;
    expect(await step.locator('.transcript__prompt').textContent(), `${what}: its prompt`).toBe(expected.prompt);
    expect(await step.locator('[data-command]').textContent(), `${what}: the command, continuation line included`).toBe(expected.command);
    expect(await step.locator('[data-command-output] pre').innerText(), `${what}: today's real output under it`).toBe(expected.output);
    const pasted = step.locator('[data-pasted-output]');
    if (expected.pasted === undefined) {
      await expect(pasted, `${what}: nothing pasted, no fold`).toHaveCount(0);
      continue;
    }
    await expect(pasted.locator('summary')).toHaveText('노트에 적힌 출력');
    await expect(pasted, `${what}: folded by default`).not.toHaveAttribute('open');
    await expect(pasted.locator('[data-pasted-text]')).toBeHidden();
    await pasted.locator('summary').click();
    await expect(pasted.locator('[data-pasted-text]')).toBeVisible();
    expect(await pasted.locator('[data-pasted-text]').innerText(), `${what}: the pasted lines, verbatim`).toBe(expected.pasted);
    if (expected.pasted === expected.output) {
      await expect(pasted.locator('[data-pasted-same]')).toHaveText('오늘의 출력과 같습니다.');
    } else {
      await expect(pasted.locator('[data-pasted-same]')).toHaveCount(0);
      const diff = (await pasted.locator('pre.astro-code').innerText()).split('\n');
      expect(diff, `${what}: the diff names the note's line and today's`).toEqual(expect.arrayContaining(['-x', '+c']));
    }
  }
  // The alias is defined once, at the top of the page, not in the block.
  await expect(page.getByText('이 노트의 별칭')).toHaveCount(1);
});

test('the copy button puts only the commands on the clipboard', async ({ page, context, browserName }) => {
  test.skip(browserName !== 'chromium', 'clipboard permissions are Chromium-only here');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`${site?.url}notes/${NOTE}/`);
  const figure = page.locator(`[data-block-id="${BLOCK}"]`);
  await figure.getByRole('button', { name: '복사', exact: true }).click();
  await expect(figure.getByRole('button', { name: '복사됨' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(STEPS.map((s) => s.command).join('\n'));
});
