import type { RewardInputs } from '@bladerec/core';
import { ildCosineBatch } from './ild-cosine-kernel.js';
import type { IldOptions } from './ild-options.js';
import { ildJaccardBatch } from './ild-jaccard-kernel.js';

/** Batched ILD@K with the distance named in `options` (see {@link ildReference} for the definition). */
export function ildBatch(
  inputs: RewardInputs,
  options: IldOptions,
  out: Float64Array = new Float64Array(inputs.lists.size),
): Float64Array {
  return options.distance === 'jaccard'
    ? ildJaccardBatch(inputs, options.k, out)
    : ildCosineBatch(inputs, options.k, out);
}
