import { relevanceHitsOf, type RewardInputs, type SharedPasses } from '@bladerec/core';
import type { F1Options } from './f1-options.js';

/**
 * Batched F1@K (see {@link f1Reference}): with h hits in the top k and |R| relevant items,
 * 2·(h/k)·(h/|R|) / (h/k + h/|R|) = 2h / (k + |R|), and 0 without relevant items.
 */
export function f1Batch(
  inputs: RewardInputs,
  options: F1Options,
  out: Float64Array,
  passes?: SharedPasses,
): Float64Array {
  const { offsets, relevantCount } = relevanceHitsOf(inputs, options.k, passes);
  for (let b = 0; b < inputs.lists.size; b++) {
    const count = relevantCount[b]!;
    out[b] = count === 0 ? 0 : (2 * (offsets[b + 1]! - offsets[b]!)) / (options.k + count);
  }
  return out;
}
