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
  /**
   * Number distinct values (⟨ip-1⟩, ⟨ip-2⟩ …) so that equal values stay visibly equal: two
   * names of one image share an ID, a pod's log names the caller's IP printed above.
   */
  numbered?: boolean;
}

export function applyNormalizers(text: string, normalizers: readonly Normalizer[]): { text: string; masks: Mask[] } {
  const masks: Mask[] = [];
  let result = text;
  for (const normalizer of normalizers) {
    let count = 0;
    const replacement = normalizer.replace ?? normalizer.placeholder;
    const numbers = new Map<string, number>();
    result = result.replace(normalizer.pattern, (match: string, ...rest: unknown[]) => {
      count++;
      const groups = rest.slice(0, -2).map((g) => (typeof g === 'string' ? g : ''));
      const replaced = typeof replacement === 'function' ? replacement(match, ...groups) : replacement.replace(/\$(\d)/g, (_, n: string) => groups[Number(n) - 1] ?? '');
      if (!normalizer.numbered) return replaced;
      if (!numbers.has(match)) numbers.set(match, numbers.size + 1);
      return replaced.replace(/⟨([^⟩]+)⟩/, `⟨$1-${numbers.get(match)}⟩`);
    });
    const placeholder = normalizer.numbered ? normalizer.placeholder.replace(/⟨([^⟩]+)⟩/, '⟨$1-n⟩') : normalizer.placeholder;
    if (count > 0) masks.push({ name: normalizer.name, placeholder, description: normalizer.description, count });
  }
  return { text: result, masks };
}
