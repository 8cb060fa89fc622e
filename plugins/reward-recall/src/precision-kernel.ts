import { relevanceHitsOf, type RewardInputs, type SharedPasses, singleTargetHitsOf } from '@bladerec/core';
import type { PrecisionOptions } from './precision-options.js';

/**
 * Batched Precision@K (see {@link precisionReference} for the definition): the number of
 * first-occurrence hits in the top k divided by k, whatever the list's length.
 */
export function precisionBatch(
  inputs: RewardInputs,
  options: PrecisionOptions,
  out: Float64Array,
  passes?: SharedPasses,
): Float64Array {
  const { k } = options;
  const size = inputs.lists.size;
  const single = singleTargetHitsOf(inputs, k, passes);
  if (single) {
    // (p >>> 31) ^ 1 is 1 for a hit (p ≥ 0) and 0 for none (−1), without a branch
    for (let b = 0; b < size; b++) out[b] = ((single[b]! >>> 31) ^ 1) / k;
    return out;
  }
  const { offsets } = relevanceHitsOf(inputs, k, passes);
  for (let b = 0; b < inputs.lists.size; b++) out[b] = (offsets[b + 1]! - offsets[b]!) / k;
  return out;
}
