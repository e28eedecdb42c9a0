import type { Mask } from '../store/schema.ts';

/** One named rule that replaces a value which changes from run to run. */
export interface Normalizer {
  name: string;
  /** What replaces the value on the page, e.g. ⟨container-id⟩. */
  placeholder: string;
  /** Korean, shown to readers under the output. */
  description: string;
  pattern: RegExp;
  /** Replacement; defaults to the placeholder. May use $1 etc. */
  replace?: string | ((match: string, ...groups: string[]) => string);
}

export function applyNormalizers(text: string, normalizers: readonly Normalizer[]): { text: string; masks: Mask[] } {
  const masks: Mask[] = [];
  let result = text;
  for (const normalizer of normalizers) {
    let count = 0;
    const replacement = normalizer.replace ?? normalizer.placeholder;
    result = result.replace(normalizer.pattern, (match: string, ...rest: unknown[]) => {
      count++;
      const groups = rest.slice(0, -2).map((g) => (typeof g === 'string' ? g : ''));
      if (typeof replacement === 'function') return replacement(match, ...groups);
      return replacement.replace(/\$(\d)/g, (_, n: string) => groups[Number(n) - 1] ?? '');
    });
    if (count > 0) masks.push({ name: normalizer.name, placeholder: normalizer.placeholder, description: normalizer.description, count });
  }
  return { text: result, masks };
}
