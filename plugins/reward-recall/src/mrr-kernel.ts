import { relevanceHitsOf, type RewardInputs, type SharedPasses, singleTargetHitsOf } from '@bladerec/core';
import type { MrrOptions } from './mrr-options.js';

/**
 * Batched reciprocal rank at K (see {@link mrrReference} for the definition): `1 / p` for the 1-based
 * position `p ≤ k` of the first relevant item, else 0. Hit positions are ascending, so the first hit
 * of a row is its earliest.
 */
export function mrrBatch(
  inputs: RewardInputs,
  options: MrrOptions,
  out: Float64Array,
  passes?: SharedPasses,
): Float64Array {
  const size = inputs.lists.size;
  const single = singleTargetHitsOf(inputs, options.k, passes);
  if (single) {
    // value[p + 1] = 1 / (p + 1), and value[0] = 0 for "no hit" (−1)
    const value = new Float64Array(Math.min(options.k, inputs.lists.width) + 1);
    for (let p = 0; p + 1 < value.length; p++) value[p + 1] = 1 / (p + 1);
    for (let b = 0; b < size; b++) out[b] = value[single[b]! + 1]!;
    return out;
  }
  const { offsets, positions } = relevanceHitsOf(inputs, options.k, passes);
  for (let b = 0; b < inputs.lists.size; b++) {
    const first = offsets[b]!;
    out[b] = offsets[b + 1]! > first ? 1 / (positions[first]! + 1) : 0;
  }
  return out;
}
