// What a reader's browser downloads per page (JS, CSS, fonts, HTML) before search is
// opened, and Lighthouse's four scores for the note page, with Debian's Chromium.
// Run: npm run bench:site   (builds nothing: run `npm run build` first)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumExecutable } from '../tests/support/chromium.ts';
import { serveDist } from '../scripts/lib/cli/static-server.ts';

const PORT = 4391;
const ORIGIN = `http://127.0.0.1:${PORT}`;
const PAGES = ['/', '/notes/week-02/', '/notes/week-02/original/'];
const JS_BUDGET_KB = 10;
/** Noto Sans KR subset at build time (src/integrations/font-subset.ts); the whole slices were ~475 KB. */
const FONT_BUDGET_KB = 150;
const LIGHTHOUSE_MIN = 95;
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);

if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first');
const server = await serveDist('dist', PORT);
const stopServer = () => server.close();

interface Weights {
  script: number;
  stylesheet: number;
  font: number;
  document: number;
  /** How many font files the page fetched. */
  fontFiles: number;
}

async function pageWeights(executablePath: string | undefined): Promise<Map<string, Weights>> {
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--disable-background-networking'] });
  const result = new Map<string, Weights>();
  for (const path of PAGES) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const weights: Weights = { script: 0, stylesheet: 0, font: 0, document: 0, fontFiles: 0 };
    const pending: Promise<void>[] = [];
    page.on('requestfinished', (request) => {
      const type = request.resourceType() as Exclude<keyof Weights, 'fontFiles'>;
      if (!(type in weights)) return;
      if (type === 'font') weights.fontFiles++;
      // Bytes on the wire (gzip where the server compresses), as a reader downloads them.
      pending.push(request.sizes().then((sizes) => void (weights[type] += sizes.responseBodySize)));
    });
    await page.goto(ORIGIN + path, { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready);
    await Promise.all(pending);
    // Inline scripts ship inside the HTML but are JavaScript all the same.
    weights.script += await page.evaluate(() => [...document.scripts].filter((s) => !s.src).reduce((n, s) => n + new Blob([s.text]).size, 0));
    result.set(path, weights);
    await context.close();
  }
  await browser.close();
  return result;
}

/** Lighthouse in a child process (async: this process serves the pages meanwhile). */
async function lighthouse(executablePath: string | undefined, path: string): Promise<Record<string, number>> {
  const out = mkdtempSync(join(tmpdir(), 'kubia-notes-lh-'));
  try {
    const report = join(out, 'report.json');
    const args = ['lighthouse', ORIGIN + path, '--quiet', '--output=json', `--output-path=${report}`, '--only-categories=performance,accessibility,best-practices,seo', '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --no-first-run'];
    const child = spawn('npx', args, { env: { ...process.env, ...(executablePath ? { CHROME_PATH: executablePath } : {}) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    await new Promise((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    if (!existsSync(report)) throw new Error(`lighthouse failed:\n${stderr}`);
    const categories = JSON.parse(readFileSync(report, 'utf8')).categories as Record<string, { score: number }>;
    return Object.fromEntries(Object.entries(categories).map(([name, c]) => [name, Math.round(c.score * 100)]));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(9);
const executablePath = chromiumExecutable(() => chromium.executablePath());
try {
  const weights = await pageWeights(executablePath);
  console.log('page                          JS        CSS      fonts       HTML   (transferred, gzip as on GitHub Pages; search closed)');
  for (const [path, w] of weights) console.log(`${path.padEnd(26)}${kb(w.script)} ${kb(w.stylesheet)} ${kb(w.font)} ${kb(w.document)}   (${w.fontFiles} font files)`);
  const note = weights.get('/notes/week-02/');
  const noteJs = (note?.script ?? 0) / 1024;
  const noteFonts = (note?.font ?? 0) / 1024;
  console.log(`budget: JS on the note page ${noteJs.toFixed(1)} KB of ${JS_BUDGET_KB} KB → ${noteJs <= JS_BUDGET_KB ? 'within' : 'OVER'}`);
  console.log(`budget: fonts on the note page ${noteFonts.toFixed(1)} KB of ${FONT_BUDGET_KB} KB → ${noteFonts <= FONT_BUDGET_KB ? 'within' : 'OVER'}`);
  // Lighthouse's performance score moves with the machine's load: the median of three runs.
  const runs: Array<Record<string, number>> = [];
  for (let i = 0; i < LIGHTHOUSE_RUNS; i++) runs.push(await lighthouse(executablePath, '/notes/week-02/'));
  const scores = Object.fromEntries(Object.keys(runs[0] ?? {}).map((k) => [k, runs.map((r) => r[k] ?? 0).sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? 0]));
  console.log(`lighthouse /notes/week-02/ (median of ${LIGHTHOUSE_RUNS}): ${Object.entries(scores).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  runs: ${runs.map((r) => `performance ${r.performance}`).join(', ')}`);
  const low = Object.entries(scores).filter(([, v]) => v < LIGHTHOUSE_MIN);
  console.log(`budget: every category >= ${LIGHTHOUSE_MIN} → ${low.length ? `BELOW in ${low.map(([k]) => k).join(', ')}` : 'met'}`);
} finally {
  stopServer();
}
