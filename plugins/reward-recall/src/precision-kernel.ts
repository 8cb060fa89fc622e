import { relevanceHits, type RewardInputs } from '@bladerec/core';
import type { PrecisionOptions } from './precision-options.js';

/**
 * Batched Precision@K (see {@link precisionReference} for the definition): the number of
 * first-occurrence hits in the top k divided by k, whatever the list's length.
 */
export function precisionBatch(inputs: RewardInputs, options: PrecisionOptions, out: Float64Array): Float64Array {
  const { k } = options;
  const { offsets } = relevanceHits(inputs, k);
  for (let b = 0; b < inputs.lists.size; b++) out[b] = (offsets[b + 1]! - offsets[b]!) / k;
  return out;
}
