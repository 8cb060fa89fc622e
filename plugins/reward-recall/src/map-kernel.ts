import { relevanceHitsOf, type RewardInputs, type SharedPasses } from '@bladerec/core';
import type { MapOptions } from './map-options.js';

/**
 * Batched AP@K (see {@link mapReference}): over the row's hits at ascending 0-based positions
 * `p_1 < p_2 < …`, `Σ_j j / (p_j + 1)` divided by the row's number of relevant items.
 */
export function mapBatch(
  inputs: RewardInputs,
  options: MapOptions,
  out: Float64Array,
  passes?: SharedPasses,
): Float64Array {
  const { offsets, positions, relevantCount } = relevanceHitsOf(inputs, options.k, passes);
  for (let b = 0; b < inputs.lists.size; b++) {
    const count = relevantCount[b]!;
    let sum = 0;
    for (let h = offsets[b]!, j = 1; h < offsets[b + 1]!; h++, j++) sum += j / (positions[h]! + 1);
    out[b] = count === 0 ? 0 : sum / count;
  }
  return out;
}
