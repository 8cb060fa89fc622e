import { relevanceHits, type RewardInputs } from '@bladerec/core';
import type { MrrOptions } from './mrr-options.js';

/**
 * Batched reciprocal rank at K (see {@link mrrReference} for the definition): `1 / p` for the 1-based
 * position `p ≤ k` of the first relevant item, else 0. Hit positions are ascending, so the first hit
 * of a row is its earliest.
 */
export function mrrBatch(inputs: RewardInputs, options: MrrOptions, out: Float64Array): Float64Array {
  const { offsets, positions } = relevanceHits(inputs, options.k);
  for (let b = 0; b < inputs.lists.size; b++) {
    const first = offsets[b]!;
    out[b] = offsets[b + 1]! > first ? 1 / (positions[first]! + 1) : 0;
  }
  return out;
}
