import { relevanceHitsOf, type RewardInputs, type SharedPasses } from '@bladerec/core';

/**
 * Batched R-precision (see {@link rPrecisionReference}): the hits over the whole list, of which those
 * at 0-based positions below the row's |R| count, divided by |R|.
 */
export function rPrecisionBatch(inputs: RewardInputs, out: Float64Array, passes?: SharedPasses): Float64Array {
  const { offsets, positions, relevantCount } = relevanceHitsOf(inputs, Math.max(1, inputs.lists.width), passes);
  for (let b = 0; b < inputs.lists.size; b++) {
    const count = relevantCount[b]!;
    let hits = 0;
    for (let h = offsets[b]!; h < offsets[b + 1]! && positions[h]! < count; h++) hits++;
    out[b] = count === 0 ? 0 : hits / count;
  }
  return out;
}
