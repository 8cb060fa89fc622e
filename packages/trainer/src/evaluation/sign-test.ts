/** An exact sign test over paired differences. */
export interface SignTest {
  /** Pairs with a non-zero difference (ties are dropped). */
  readonly n: number;
  /** Pairs with a − b > 0. */
  readonly positive: number;
  /** Two-sided exact p-value `min(1, 2·P(X ≤ min(k, n−k)))`, X ~ Binomial(n, ½); 1 when n = 0. */
  readonly p: number;
}

/**
 * The exact two-sided sign test of `median(a − b) = 0` (Dixon & Mood 1946): zero differences are
 * dropped, the count of positive ones is compared with Binomial(n, ½). With 5 seeds the smallest
 * attainable p is 2/32 = 0.0625, so it cannot reach 0.05 below 6 seeds.
 */
export function signTest(a: ArrayLike<number>, b: ArrayLike<number>): SignTest {
  if (a.length !== b.length) {
    throw new RangeError(`sign test needs equal-length samples, got ${a.length} and ${b.length}`);
  }
  let n = 0;
  let positive = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d === 0 || Number.isNaN(d)) continue;
    n++;
    if (d > 0) positive++;
  }
  if (n === 0) return { n, positive, p: 1 };
  const k = Math.min(positive, n - positive);
  // P(X ≤ k) = Σ_{i ≤ k} C(n, i) / 2^n, with C(n, i) built up in log space so large n stays finite
  let logC = 0;
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log((n - i + 1) / i);
    tail += Math.exp(logC - n * Math.LN2);
  }
  return { n, positive, p: Math.min(1, 2 * tail) };
}
