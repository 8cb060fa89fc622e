import type { ItemSide } from '@bladerec/core';
import type { TopKOptions } from './top-k-options.js';
import { topKSets } from './top-k-sets.js';

/** Readable ItemCoverage@K: `|∪_u L_u^K| / |I|` (0 for an empty catalog). */
export function coverageReference(
  lists: readonly (readonly number[])[],
  items: ItemSide,
  options: TopKOptions,
): number {
  const union = new Set(topKSets(lists, options.k, items.numItems).flatMap((set) => [...set]));
  return items.numItems === 0 ? 0 : union.size / items.numItems;
}
