import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeToHtml } from 'shiki';
import { CODE_THEMES } from '../../src/lib/code-themes.ts';
import { markRanges, type MarkRange } from '../../src/lib/mark-ranges-transformer.ts';
import { volatileMarks } from '../../src/lib/volatile-marks.ts';

const html = (code: string, ranges: MarkRange[], lang = 'ansi') => codeToHtml(code, { lang, themes: CODE_THEMES, defaultColor: false, transformers: [markRanges(ranges)] });

/** The text a reader sees: tags dropped, entities read. */
const textOf = (markup: string) =>
  markup
    .replace(/<[^>]+>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

const marks = (markup: string) => [...markup.matchAll(/<mark([^>]*)>(.*?)<\/mark>/g)].map((m) => ({ attributes: m[1] ?? '', text: textOf(m[2] ?? '') }));

describe('markRanges', () => {
  it('wraps each stretch in a mark and leaves the text as it was', async () => {
    const code = 'kubia:latest  033e1ece4b1e\nlocalhost:5000/kubia:latest  033e1ece4b1e';
    const out = await html(code, [
      { start: 14, end: 26, properties: { class: 'volatile', 'data-n': 1 } },
      { start: 56, end: 68, properties: { class: 'volatile', 'data-n': 1 } },
    ]);
    assert.equal(textOf(out), code);
    assert.deepEqual(marks(out), [
      { attributes: ' class="volatile" data-n="1"', text: '033e1ece4b1e' },
      { attributes: ' class="volatile" data-n="1"', text: '033e1ece4b1e' },
    ]);
  });

  it('splits a highlighted token where a stretch starts and ends inside it, keeping its colour on every part', async () => {
    const code = 'const id = "f6c3a9e1b2d4";';
    const start = code.indexOf('f6c3');
    const out = await html(code, [{ start, end: start + 12, properties: { class: 'volatile' } }], 'js');
    assert.equal(textOf(out), code);
    assert.deepEqual(marks(out).map((m) => m.text), ['f6c3a9e1b2d4']);
    assert.match(out, /<span style="([^"]+)"> "<\/span><mark class="volatile"><span style="\1">f6c3a9e1b2d4<\/span><\/mark><span style="\1">"<\/span>/);
  });

  it('a stretch over several lines is marked on each, the first part with its own attributes', async () => {
    const code = 'keep\n#1 drop\n\n#2 drop\nkeep';
    const out = await html(code, [{ start: 5, end: 21, properties: { class: 'volatile', tabindex: 0 }, continued: { class: 'volatile' } }]);
    assert.equal(textOf(out), code);
    assert.deepEqual(marks(out), [
      { attributes: ' class="volatile" tabindex="0"', text: '#1 drop' },
      { attributes: ' class="volatile"', text: '#2 drop' },
    ]);
  });

  it('a stretch that starts with its line break begins on the next line, focusable there', async () => {
    const out = await html('a\nb', [{ start: 1, end: 3, properties: { class: 'first' }, continued: { class: 'rest' } }]);
    assert.deepEqual(marks(out), [{ attributes: ' class="first"', text: 'b' }]);
  });

  it('maps offsets past ANSI colour sequences, which the page shows as colour', async () => {
    const code = '\x1b[32mok\x1b[0m 10.0.0.1';
    const out = await html(code, [{ start: code.indexOf('10.'), end: code.length, properties: { class: 'volatile' } }]);
    assert.equal(textOf(out), 'ok 10.0.0.1');
    assert.deepEqual(marks(out).map((m) => m.text), ['10.0.0.1']);
  });
});

describe('volatileMarks', () => {
  it('names each replaced value by its placeholder and description, numbers the numbered ones, and keeps secret masks as marked placeholders', () => {
    const transcript = 'id 033e1ece4b1e\ntoken: ⟨secret⟩\nsame 033e1ece4b1e, up 5 seconds ago\n';
    const ranges = volatileMarks(transcript, []);
    assert.deepEqual(
      ranges.map((r) => [transcript.slice(r.start, r.end), r.properties['data-volatile'] ?? r.properties.class, r.properties['data-n']]),
      [
        ['033e1ece4b1e', 'short-id', 1],
        ['⟨secret⟩', 'placeholder', undefined],
        ['033e1ece4b1e', 'short-id', 1],
        ['5 seconds ago', 'ago', undefined],
      ],
    );
    assert.match(String(ranges[0]?.properties['aria-description']), /^⟨id-1⟩ — 컨테이너·이미지의 12자리 ID/);
    assert.equal(ranges[0]?.properties.tabindex, 0);
  });

  it('a left-out line is named as left out of the comparison', () => {
    const ranges = volatileMarks('E1125 02:45:00.822934   13321 websocket.go:297] gone\nYou hit it\n', ['klog']);
    assert.match(String(ranges[0]?.properties['aria-description']), /^비교에서 뺌 — kubectl이 stderr에 남긴 klog/);
  });
});
