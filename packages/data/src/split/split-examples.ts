import { Random } from '../random/mulberry32.js';

/** How to split: fractions (train, valid, test; summing to 1) or exact counts. */
export type SplitSpec =
  { readonly fractions: readonly [number, number, number] } | { readonly counts: readonly [number, number, number] };

/** The result of {@link splitExamples}; `unassigned` is non-empty only when counts add up to less than the input. */
export interface SplitResult<T> {
  readonly train: T[];
  readonly valid: T[];
  readonly test: T[];
  readonly unassigned: T[];
}

/**
 * Sizes of the three parts for `n` items: counts as given, or fractions by the largest-remainder
 * method (each part gets `floor(f·n)`, the leftover goes one by one to the largest fractional
 * parts, ties to the earlier part), so sizes always add up to `n`.
 * @throws RangeError when counts exceed `n` or fractions are negative or do not add up to 1.
 */
export function splitSizes(n: number, spec: SplitSpec): [number, number, number] {
  if ('counts' in spec) {
    const [a, b, c] = spec.counts;
    if (![a, b, c].every((x) => Number.isInteger(x) && x >= 0))
      throw new RangeError(`split counts must be non-negative integers, got ${spec.counts.join('/')}`);
    if (a + b + c > n)
      throw new RangeError(`split counts ${a}/${b}/${c} add up to ${a + b + c}, but there are only ${n} examples`);
    return [a, b, c];
  }
  const f = spec.fractions;
  const sum = f[0] + f[1] + f[2];
  if (f.some((x) => !(x >= 0)) || Math.abs(sum - 1) > 1e-9)
    throw new RangeError(`split fractions must be non-negative and add up to 1, got ${f.join('/')}`);
  const raw = f.map((x) => x * n);
  const sizes = raw.map((x) => Math.floor(x + 1e-9)) as [number, number, number];
  let left = n - sizes[0] - sizes[1] - sizes[2];
  const order = [0, 1, 2].sort((a, b) => raw[b]! - sizes[b]! - (raw[a]! - sizes[a]!) || a - b);
  for (let k = 0; left > 0; k = (k + 1) % 3, left--) sizes[order[k]!]!++;
  return sizes;
}

/**
 * Splits items into train / valid / test with a seeded shuffle (Mulberry32 + Fisher–Yates, integer
 * arithmetic only: the same seed gives the same split on every machine). Each part keeps the input
 * order. With counts adding up to less than the input, the rest is returned as `unassigned`.
 *
 * @example splitExamples(examples, { fractions: [0.6, 0.2, 0.2] }, 42)
 */
export function splitExamples<T>(items: readonly T[], spec: SplitSpec, seed: number): SplitResult<T> {
  const [nTrain, nValid, nTest] = splitSizes(items.length, spec);
  const order = new Random(seed).shuffle(Array.from({ length: items.length }, (_, i) => i));
  const part = (from: number, to: number): T[] =>
    order
      .slice(from, to)
      .sort((a, b) => a - b)
      .map((i) => items[i]!);
  return {
    train: part(0, nTrain),
    valid: part(nTrain, nTrain + nValid),
    test: part(nTrain + nValid, nTrain + nValid + nTest),
    unassigned: part(nTrain + nValid + nTest, items.length),
  };
}
