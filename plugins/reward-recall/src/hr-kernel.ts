import { relevanceHits, type RewardInputs } from '@bladerec/core';
import type { HrOptions } from './hr-options.js';

/** Batched HR@K (see {@link hrReference} for the definition): 1 if the top k hold a relevant item, else 0. */
export function hrBatch(inputs: RewardInputs, options: HrOptions, out: Float64Array): Float64Array {
  const { offsets } = relevanceHits(inputs, options.k);
  for (let b = 0; b < inputs.lists.size; b++) out[b] = offsets[b + 1]! > offsets[b]! ? 1 : 0;
  return out;
}
