/**
 * How much exposure a slot gives:
 * - `position`: v(p) = 1/log2(1 + p) for 1-based position p (Singh & Joachims 2018, the DCG discount);
 * - `uniform`: every slot of the top K counts 1.
 */
export type Weighting = 'position' | 'uniform';

/** The exposure weight of each 0-based slot `p < k`. */
export function exposureWeights(k: number, weighting: Weighting): Float64Array {
  const v = new Float64Array(k);
  for (let p = 0; p < k; p++) v[p] = weighting === 'position' ? 1 / Math.log2(p + 2) : 1;
  return v;
}
