import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// Noto Sans KR cut down to the characters the built site shows. The source is the variable
// font as @fontsource-variable/noto-sans-kr ships it: ~120 files, each a slice of the font for
// a unicode-range. Slices of one variable font cannot be merged back into one font (fontTools
// cannot merge variable fonts either), so each slice the site needs is subset on its own, and
// its @font-face's unicode-range narrowed to the characters kept: the browser fetches only the
// slices whose characters a page shows, as before, but each holds just the glyphs in use. The
// glyphs themselves (outlines, variations, metrics) are harfbuzz's copies of the originals.

/** One @font-face of the source stylesheet. */
export interface SourceFace {
  /** Path of the woff2 relative to the stylesheet, e.g. `./files/noto-sans-kr-116-wght-normal.woff2`. */
  file: string;
  /** Slice name for the output file: `116`, `latin`. */
  slice: string;
  /** Inclusive code point ranges the slice covers. */
  ranges: Array<[number, number]>;
  /** Declarations other than src and unicode-range, kept as they are (family, weight, style, display). */
  declarations: string[];
}

/** `U+ac00-ac0b,U+ac0d` → [[0xac00, 0xac0b], [0xac0d, 0xac0d]]. */
export function parseUnicodeRange(text: string): Array<[number, number]> {
  return text.split(',').map((part) => {
    const match = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!match?.[1]) throw new Error(`not a unicode-range: ${part}`);
    if (match[1].includes('?')) return [parseInt(match[1].replace(/\?/g, '0'), 16), parseInt(match[1].replace(/\?/g, 'f'), 16)];
    const from = parseInt(match[1], 16);
    return [from, match[2] ? parseInt(match[2], 16) : from];
  });
}

/** Sorted code points → the shortest unicode-range that names exactly them. */
export function unicodeRangeOf(codePoints: readonly number[]): string {
  const parts: string[] = [];
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i] as number;
    let to = from;
    while (sorted[i + 1] === to + 1) to = sorted[++i] as number;
    parts.push(from === to ? `U+${from.toString(16)}` : `U+${from.toString(16)}-${to.toString(16)}`);
  }
  return parts.join(',');
}

/** The @font-face rules of a stylesheet like Fontsource's. */
export function sourceFacesOf(css: string): SourceFace[] {
  return [...css.matchAll(/@font-face\s*\{([^}]*)\}/g)].map(([, body = '']) => {
    const declarations = body.split(';').map((d) => d.trim()).filter(Boolean);
    const src = declarations.find((d) => d.startsWith('src:'));
    const range = declarations.find((d) => d.startsWith('unicode-range:'));
    const file = src && /url\(\s*['"]?([^'")]+)['"]?\s*\)/.exec(src)?.[1];
    if (!file || !range) throw new Error(`@font-face without src url() or unicode-range: ${body.trim()}`);
    const slice = /-(\w+)-wght-normal\.woff2$/.exec(file)?.[1] ?? file.replace(/^.*\//, '').replace(/\.woff2$/, '');
    return {
      file,
      slice,
      ranges: parseUnicodeRange(range.slice('unicode-range:'.length)),
      declarations: declarations.filter((d) => !d.startsWith('src:') && !d.startsWith('unicode-range:')),
    };
  });
}

const NAMED_ENTITIES: Record<string, string> = { nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", middot: '·', mdash: '—', ndash: '–', hellip: '…', rarr: '→', larr: '←', copy: '©' };

/**
 * Every code point of a built page or script, entities decoded. Whole files, not just their
 * visible text: strings a script puts on the page (`복사됨`, the search UI's words) and
 * attribute text count too, and a few glyphs too many cost less than one missing.
 */
export function codePointsOf(text: string): Set<number> {
  const decoded = text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
  const points = new Set<number>();
  for (const char of decoded) points.add(char.codePointAt(0) as number);
  return points;
}

/** Printable ASCII is always kept: what a reader types into search shows in the same font. */
export const ALWAYS_KEPT: readonly number[] = Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => 0x20 + i);

/**
 * Characters FreeType's auto-hinter measures a CJK font by: the ideographs of its CJK blue
 * strings (top and bottom, afblue.dat) and its standard characters 田 and 囗. Chromium on
 * Linux and Android hints Noto Sans KR (which carries no hints of its own) with that
 * auto-hinter, and Hangul falls under its CJK style: the blue zones it snaps Hangul strokes to
 * come from whichever of these ideographs the font file holds. A slice cut to the site's
 * characters would lose them and draw some Hangul a fraction of a pixel differently, so each
 * slice keeps the ones its original had. Measured on the site: 24 glyphs, about 6 KB.
 */
export const HINTING_REFERENCE: readonly number[] = [
  ...'他们你來們到和地对對就席我时時會来為能舰說说这這齊军同已愿既星是景民照现現理用置要軍那配里開雷露面顾',
  ...'个为人他以们你來個們到和大对對就我时時有来為要說说主些因它想意理生當看着置者自著裡过还进進過道還里面',
  ...'田囗',
].map((char) => char.codePointAt(0) as number);

export interface SubsetFace {
  slice: string;
  /** Output file name, content-addressed: `noto-sans-kr-116-3f2a1b2c.woff2`. */
  file: string;
  codePoints: number[];
  bytes: Uint8Array;
  sourceBytes: number;
  css: string;
}

export interface SubsetOptions {
  faces: readonly SourceFace[];
  codePoints: ReadonlySet<number>;
  /** Reads a face's source woff2 (by `SourceFace.file`). */
  readSource: (file: string) => Promise<Uint8Array>;
  /** The subsetter: woff2 in, woff2 of just these characters out. */
  subset: (font: Uint8Array, text: string) => Promise<Uint8Array>;
  /** What besides the font and the characters decides the output (subsetter versions). */
  subsetterVersion: string;
  /** Where subset fonts are kept between builds, by a hash of all their inputs. */
  cacheDir?: string;
  /** Output names start with this, e.g. `noto-sans-kr`. */
  name: string;
}

const sha256 = (...parts: Array<string | Uint8Array>) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

async function cached(cacheDir: string | undefined, key: string, make: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if (!cacheDir) return make();
  const file = join(cacheDir, `${key}.woff2`);
  const kept = await readFile(file).catch(() => undefined);
  if (kept) return kept;
  const made = await make();
  // Atomic, and never fatal: a cache that cannot be written only makes the next build slower.
  try {
    await mkdir(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, made);
    await rename(temp, file);
  } catch {
    /* the build goes on without the cache */
  }
  return made;
}

/**
 * Each face that covers characters the site uses, subset to exactly those, with its
 * @font-face rule (unicode-range narrowed to them). Faces the site does not need are left out.
 */
export async function subsetFaces(options: SubsetOptions): Promise<SubsetFace[]> {
  const wanted = [...new Set([...options.codePoints, ...ALWAYS_KEPT])].sort((a, b) => a - b);
  // Slices overlap (Fontsource's slice 119 covers ASCII, as does `latin`). A browser tries
  // the faces of a family from the last defined back, so the last face that covers a
  // character is the one that draws it: that face keeps it, and no other.
  const owner = new Map<number, SourceFace>();
  for (const face of [...options.faces].reverse()) {
    for (const cp of wanted) if (!owner.has(cp) && face.ranges.some(([from, to]) => cp >= from && cp <= to)) owner.set(cp, face);
  }
  const result: SubsetFace[] = [];
  for (const face of options.faces) {
    const codePoints = wanted.filter((cp) => owner.get(cp) === face);
    if (!codePoints.length) continue;
    const source = await options.readSource(face.file);
    // In the font for the hinter's sake, not in unicode-range: the page never draws them from here.
    const reference = [...new Set(HINTING_REFERENCE)].filter((cp) => !codePoints.includes(cp) && face.ranges.some(([from, to]) => cp >= from && cp <= to));
    const text = String.fromCodePoint(...codePoints, ...reference);
    const key = sha256(options.subsetterVersion, source, text);
    const bytes = await cached(options.cacheDir, key, () => options.subset(source, text));
    const file = `${options.name}-${face.slice}-${sha256(bytes).slice(0, 10)}.woff2`;
    const css = `@font-face {\n  ${[...face.declarations, `src: url(./${file}) format('woff2-variations')`, `unicode-range: ${unicodeRangeOf(codePoints)}`].join(';\n  ')};\n}`;
    result.push({ slice: face.slice, file, codePoints, bytes, sourceBytes: source.byteLength, css });
  }
  return result;
}
