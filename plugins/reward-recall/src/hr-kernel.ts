import { relevanceHitsOf, type RewardInputs, type SharedPasses, singleTargetHitsOf } from '@bladerec/core';
import type { HrOptions } from './hr-options.js';

/** Batched HR@K (see {@link hrReference} for the definition): 1 if the top k hold a relevant item, else 0. */
export function hrBatch(
  inputs: RewardInputs,
  options: HrOptions,
  out: Float64Array,
  passes?: SharedPasses,
): Float64Array {
  const size = inputs.lists.size;
  const single = singleTargetHitsOf(inputs, options.k, passes);
  if (single) {
    // (p >>> 31) ^ 1 is 1 for a hit (p ≥ 0) and 0 for none (−1), without a branch
    for (let b = 0; b < size; b++) out[b] = (single[b]! >>> 31) ^ 1;
    return out;
  }
  const { offsets } = relevanceHitsOf(inputs, options.k, passes);
  for (let b = 0; b < inputs.lists.size; b++) out[b] = offsets[b + 1]! > offsets[b]! ? 1 : 0;
  return out;
}
