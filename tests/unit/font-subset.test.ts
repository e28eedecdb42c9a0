import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALWAYS_KEPT, codePointsOf, HINTING_REFERENCE, parseUnicodeRange, sourceFacesOf, subsetFaces, unicodeRangeOf } from '../../src/lib/fonts/subset.ts';

const face = (file: string, range: string) =>
  `@font-face {\n  font-family: 'Noto Sans KR Variable';\n  font-weight: 100 900;\n  src: url(./files/${file}) format('woff2-variations');\n  unicode-range: ${range};\n}\n`;

describe('unicode-range', () => {
  it('reads single points, ranges and wildcards', () => {
    assert.deepEqual(parseUnicodeRange('U+ac00-ac0b, U+20,U+4??'), [[0xac00, 0xac0b], [0x20, 0x20], [0x400, 0x4ff]]);
  });

  it('writes the shortest range for a set of code points', () => {
    assert.equal(unicodeRangeOf([0xac01, 0x20, 0xac00, 0xac02, 0x41, 0xac00]), 'U+20,U+41,U+ac00-ac02');
  });
});

describe('sourceFacesOf', () => {
  it('reads Fontsource\'s @font-face rules: file, slice, ranges, the other declarations', () => {
    const [first, second] = sourceFacesOf(face('noto-sans-kr-119-wght-normal.woff2', 'U+20-7e,U+ac00') + face('noto-sans-kr-latin-wght-normal.woff2', 'U+0000-00ff'));
    assert.equal(first?.file, './files/noto-sans-kr-119-wght-normal.woff2');
    assert.equal(first?.slice, '119');
    assert.deepEqual(first?.ranges, [[0x20, 0x7e], [0xac00, 0xac00]]);
    assert.deepEqual(first?.declarations, ["font-family: 'Noto Sans KR Variable'", 'font-weight: 100 900']);
    assert.equal(second?.slice, 'latin');
  });
});

describe('codePointsOf', () => {
  it('decodes entities, so an escaped character is kept too', () => {
    const points = codePointsOf('<p title="복사됨">&#xAC00;&#44033;&middot;&amp;</p>');
    for (const char of ['복', '사', '됨', '가', '각', '·', '&']) assert.ok(points.has(char.codePointAt(0) as number), char);
  });
});

describe('subsetFaces', () => {
  const css = face('noto-sans-kr-119-wght-normal.woff2', 'U+20-7e,U+ac00-ac0f,U+548c') + face('noto-sans-kr-120-wght-normal.woff2', 'U+b000-b0ff') + face('noto-sans-kr-latin-wght-normal.woff2', 'U+0000-00ff');
  const calls: string[] = [];
  const options = (cacheDir?: string) => ({
    faces: sourceFacesOf(css),
    codePoints: new Set([...'가각ABC·'].map((c) => c.codePointAt(0) as number)),
    readSource: async (file: string) => new TextEncoder().encode(file),
    subset: async (font: Uint8Array, text: string) => {
      calls.push(`${new TextDecoder().decode(font)}:${text}`);
      return new TextEncoder().encode(text);
    },
    subsetterVersion: 'test',
    name: 'noto-sans-kr',
    ...(cacheDir ? { cacheDir } : {}),
  });

  it('gives a character to the last face that covers it (the one a browser draws it with), and skips unused faces', async () => {
    const faces = await subsetFaces(options());
    assert.deepEqual(faces.map((f) => f.slice), ['119', 'latin']);
    const [korean, latin] = faces;
    assert.equal(korean?.css.includes('unicode-range: U+ac00-ac01;'), true, korean?.css);
    assert.deepEqual(latin?.codePoints, [...ALWAYS_KEPT, 0xb7]);
    assert.match(korean?.file ?? '', /^noto-sans-kr-119-[0-9a-f]{10}\.woff2$/);
    assert.match(korean?.css ?? '', /src: url\(\.\/noto-sans-kr-119-[0-9a-f]{10}\.woff2\) format\('woff2-variations'\)/);
  });

  it('keeps the auto-hinter\'s reference ideographs a slice had, in the font but not in its unicode-range', async () => {
    const [korean] = await subsetFaces(options());
    assert.ok(HINTING_REFERENCE.includes(0x548c), '和 is a reference character');
    assert.equal(new TextDecoder().decode(korean?.bytes), '가각和');
    assert.doesNotMatch(korean?.css ?? '', /548c/);
  });

  it('subsets each slice once for the same inputs when given a cache', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kn-fonts-'));
    try {
      calls.length = 0;
      const first = await subsetFaces(options(dir));
      const made = calls.length;
      const second = await subsetFaces(options(dir));
      assert.equal(made, 2);
      assert.equal(calls.length, made, 'the second run subset nothing');
      assert.deepEqual(second.map((f) => f.file), first.map((f) => f.file));
      assert.equal((await readdir(dir)).length, 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
