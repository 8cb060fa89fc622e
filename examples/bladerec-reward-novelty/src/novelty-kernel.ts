import { PAD_ITEM, type RewardInputs } from '@bladerec/core';
import type { NoveltyOptions } from './novelty-options.js';

/**
 * Self-information `−log2 p(i)` of every catalog item under the smoothed popularity distribution
 * `p(i) = (pop(i) + α) / (Σ pop + α·|I|)`.
 */
export function selfInformation(popularity: Float64Array, numItems: number, alpha: number): Float64Array {
  if (popularity.length < numItems)
    throw new RangeError(`popularity: ${popularity.length} counts for ${numItems} items`);
  let total = 0;
  for (let i = 0; i < numItems; i++) total += popularity[i]!;
  total += alpha * numItems;
  const info = new Float64Array(numItems);
  for (let i = 0; i < numItems; i++) info[i] = -Math.log2((popularity[i]! + alpha) / total);
  return info;
}

/**
 * Batched novelty@K (see {@link noveltyReference} for the definition): one pass over the first K
 * slots of each list, with a stamp table (one int per catalog item) to skip repeats.
 * Cost: O(|I|) once per call plus O(K) per list.
 */
export function noveltyBatch(inputs: RewardInputs, options: NoveltyOptions, out: Float64Array): Float64Array {
  const { lists, items } = inputs;
  if (!items.popularity) throw new Error('novelty needs item popularity counts (inputs.items.popularity)');
  const numItems = items.numItems;
  const info = selfInformation(items.popularity, numItems, options.smoothing);
  const stamp = new Int32Array(numItems); // stamp[i] = b + 1 once item i was scored in list b
  const k = Math.min(options.k, lists.width);
  for (let b = 0; b < lists.size; b++) {
    const row = b * lists.width;
    let sum = 0;
    let n = 0;
    for (let p = 0; p < k; p++) {
      const id = lists.items[row + p]!;
      if (id === PAD_ITEM) break;
      if (id < 0 || id >= numItems || stamp[id] === b + 1) continue; // unknown item or repeat: skipped
      stamp[id] = b + 1;
      sum += info[id]!;
      n++;
    }
    out[b] = n === 0 ? 0 : sum / n;
  }
  return out;
}
