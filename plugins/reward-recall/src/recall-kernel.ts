import { relevanceHits, type RewardInputs } from '@bladerec/core';
import type { RecallOptions } from './recall-options.js';

/**
 * Batched Recall@K (see {@link recallReference} for the definition): the number of first-occurrence
 * hits in the top k divided by the row's number of relevant items (grade > 0); 0 when there is none.
 */
export function recallBatch(inputs: RewardInputs, options: RecallOptions, out: Float64Array): Float64Array {
  const { offsets, relevantCount } = relevanceHits(inputs, options.k);
  for (let b = 0; b < inputs.lists.size; b++) {
    const count = relevantCount[b]!;
    out[b] = count === 0 ? 0 : (offsets[b + 1]! - offsets[b]!) / count;
  }
  return out;
}
