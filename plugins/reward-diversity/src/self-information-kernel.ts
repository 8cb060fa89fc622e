import type { RewardInputs } from '@bladerec/core';
import { ListWindow } from './list-window.js';
import type { SelfInformationOptions } from './popularity-options.js';

/** Batched novelty (see {@link selfInformationReference}): every item's bits once per call, then one pass per list. */
export function selfInformationBatch(
  inputs: RewardInputs,
  options: SelfInformationOptions,
  out: Float64Array,
): Float64Array {
  const popularity = inputs.items.popularity!;
  const { numItems } = inputs.items;
  let total = options.smoothing * numItems;
  for (let i = 0; i < numItems; i++) total += popularity[i]!;
  const bits = new Float64Array(numItems);
  for (let i = 0; i < numItems; i++) bits[i] = -Math.log2((popularity[i]! + options.smoothing) / total);
  const window = new ListWindow(inputs.lists, options.k, numItems);
  for (let b = 0; b < inputs.lists.size; b++) {
    const n = window.collect(b);
    let sum = 0;
    for (let j = 0; j < n; j++) sum += bits[window.ids[j]!]!;
    out[b] = n === 0 ? 0 : sum / n;
  }
  return out;
}
