import { PAD_ITEM } from '@bladerec/core';

/**
 * Readable helper of the corpus-metric references: each list's set of known items among its first
 * `k` slots (the list ends at `PAD_ITEM`; unknown ids and ids ≥ `numItems` are left out).
 */
export function topKSets(lists: readonly (readonly number[])[], k: number, numItems: number): Set<number>[] {
  return lists.map((list) => {
    const window = list.slice(0, k);
    const end = window.indexOf(PAD_ITEM);
    return new Set((end < 0 ? window : window.slice(0, end)).filter((id) => id >= 0 && id < numItems));
  });
}
