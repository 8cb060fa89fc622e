import { type ItemSide, PAD_ITEM } from '@bladerec/core';
import type { NoveltyOptions } from './novelty-options.js';

/**
 * Readable novelty@K, the definition the batched kernel must match (the tests check it with
 * generated inputs):
 *
 *   p(i)       = (pop(i) + α) / (Σ_j pop(j) + α·|I|)
 *   novelty(L) = (1/n) Σ_{i ∈ S} −log2 p(i)
 *
 * where S is the set of n distinct known items among the first K slots (unknown items and repeats
 * use up a slot but are not scored), and novelty is 0 when n = 0.
 */
export function noveltyReference(list: readonly number[], items: ItemSide, options: NoveltyOptions): number {
  const popularity = items.popularity!;
  const alpha = options.smoothing;
  let total = 0;
  for (let i = 0; i < items.numItems; i++) total += popularity[i]!;
  total += alpha * items.numItems;
  const chosen: number[] = [];
  for (const id of list.slice(0, options.k)) {
    if (id === PAD_ITEM) break;
    if (id < 0 || id >= items.numItems || chosen.includes(id)) continue;
    chosen.push(id);
  }
  if (chosen.length === 0) return 0;
  let sum = 0;
  for (const id of chosen) sum += -Math.log2((popularity[id]! + alpha) / total);
  return sum / chosen.length;
}
