// How far a bench's rounds agree: the median and its spread, for a figure quoted with its noise.

/** The q-quantile (0…1) of values, linearly between the two nearest (R's type 7, numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * q;
  const below = sorted[Math.floor(at)] as number;
  const above = sorted[Math.ceil(at)] as number;
  return below + (above - below) * (at - Math.floor(at));
}

export interface Spread {
  median: number;
  /** The middle half of the rounds lies between q1 and q3. */
  q1: number;
  q3: number;
  min: number;
  max: number;
}

export function spreadOf(values: readonly number[]): Spread {
  return { median: quantile(values, 0.5), q1: quantile(values, 0.25), q3: quantile(values, 0.75), min: quantile(values, 0), max: quantile(values, 1) };
}
