import type { RewardInputs } from '@bladerec/core';
import { ListWindow } from './list-window.js';
import type { ArpOptions } from './popularity-options.js';

/** Batched ARP (see {@link arpReference}): one pass over each list's window of distinct known items. */
export function arpBatch(inputs: RewardInputs, options: ArpOptions, out: Float64Array): Float64Array {
  const popularity = inputs.items.popularity!;
  const window = new ListWindow(inputs.lists, options.k, inputs.items.numItems);
  for (let b = 0; b < inputs.lists.size; b++) {
    const n = window.collect(b);
    let sum = 0;
    for (let j = 0; j < n; j++) sum += popularity[window.ids[j]!]!;
    out[b] = n === 0 ? 0 : sum / n;
  }
  return out;
}
