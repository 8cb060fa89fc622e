import type { ItemSide } from '@bladerec/core';
import type { TopKOptions } from './top-k-options.js';
import { topKSets } from './top-k-sets.js';

/**
 * Readable ORRatio@K: the number of top-K lists showing each of the 3 most recommended items,
 * summed, over `K · #users` (0 without users).
 */
export function orRatioReference(lists: readonly (readonly number[])[], items: ItemSide, options: TopKOptions): number {
  const counts = new Map<number, number>();
  for (const set of topKSets(lists, options.k, items.numItems))
    for (const id of set) counts.set(id, (counts.get(id) ?? 0) + 1);
  const top3 = [...counts.values()].sort((a, b) => b - a).slice(0, 3);
  return lists.length === 0 ? 0 : top3.reduce((sum, c) => sum + c, 0) / (options.k * lists.length);
}
