import type { ItemSide } from '@bladerec/core';
import type { TopKOptions } from './top-k-options.js';
import { topKSets } from './top-k-sets.js';

/** Readable DivRatio@K: `|∪_u L_u^K| / (K · #users)` (0 without users). */
export function divRatioReference(
  lists: readonly (readonly number[])[],
  items: ItemSide,
  options: TopKOptions,
): number {
  const union = new Set(topKSets(lists, options.k, items.numItems).flatMap((set) => [...set]));
  return lists.length === 0 ? 0 : union.size / (options.k * lists.length);
}
