import { relevanceHitsOf, type RewardInputs, type SharedPasses, singleTargetHitsOf } from '@bladerec/core';
import type { RecallOptions } from './recall-options.js';

/**
 * Batched Recall@K (see {@link recallReference} for the definition): the number of first-occurrence
 * hits in the top k divided by the row's number of relevant items (grade > 0); 0 when there is none.
 */
export function recallBatch(
  inputs: RewardInputs,
  options: RecallOptions,
  out: Float64Array,
  passes?: SharedPasses,
): Float64Array {
  const size = inputs.lists.size;
  const single = singleTargetHitsOf(inputs, options.k, passes);
  if (single) {
    // one judged item: 1 if it is hit, else 0 (also when it has grade 0); (p >>> 31) ^ 1 is 1 for p ≥ 0, 0 for −1
    for (let b = 0; b < size; b++) out[b] = (single[b]! >>> 31) ^ 1;
    return out;
  }
  const { offsets, relevantCount } = relevanceHitsOf(inputs, options.k, passes);
  for (let b = 0; b < inputs.lists.size; b++) {
    const count = relevantCount[b]!;
    out[b] = count === 0 ? 0 : (offsets[b + 1]! - offsets[b]!) / count;
  }
  return out;
}
