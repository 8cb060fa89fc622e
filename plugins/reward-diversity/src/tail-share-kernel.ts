import type { RewardInputs } from '@bladerec/core';
import { ListWindow } from './list-window.js';
import type { TailShareOptions } from './popularity-options.js';
import { tailItems } from './tail-items.js';

/** Batched tail share (see {@link tailShareReference}): the tail mask once per item side, then one pass per list. */
export function tailShareBatch(inputs: RewardInputs, options: TailShareOptions, out: Float64Array): Float64Array {
  const tail = tailItems(inputs.items.popularity!, options.tail);
  const window = new ListWindow(inputs.lists, options.k, inputs.items.numItems);
  for (let b = 0; b < inputs.lists.size; b++) {
    const n = window.collect(b);
    let hits = 0;
    for (let j = 0; j < n; j++) hits += tail[window.ids[j]!]!;
    out[b] = n === 0 ? 0 : hits / n;
  }
  return out;
}
