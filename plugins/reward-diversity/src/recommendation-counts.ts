import { PAD_ITEM, type RewardInputs } from '@bladerec/core';

/** How often each item is recommended in the top K, over a whole batch of lists. */
export interface RecommendationCounts {
  /** Per item: the number of lists whose first K slots show it (a repeat within a list counts once). */
  readonly counts: Int32Array;
  /** Number of items recommended at least once: `|∪_u L_u^K|`. */
  readonly distinct: number;
  /** Number of lists (users), empty ones included. */
  readonly users: number;
}

/**
 * Counts, for every item, the lists that recommend it within their first `k` slots: the shared
 * first step of coverage, DivRatio and ORRatio. A list ends at its first `PAD_ITEM`; unknown ids
 * (and ids outside `0 … numItems − 1`) are never counted. `O(numItems + B · min(k, width))`.
 */
export function recommendationCounts(inputs: RewardInputs, k: number): RecommendationCounts {
  const { size, width, items } = inputs.lists;
  const numItems = inputs.items.numItems;
  const window = Math.min(k, width);
  const counts = new Int32Array(numItems);
  const lastList = new Int32Array(numItems).fill(-1);
  let distinct = 0;
  for (let b = 0; b < size; b++) {
    const start = b * width;
    for (let p = 0; p < window; p++) {
      const id = items[start + p]!;
      if (id === PAD_ITEM) break;
      if (id < 0 || id >= numItems || lastList[id] === b) continue;
      lastList[id] = b;
      if (counts[id]++ === 0) distinct++;
    }
  }
  return { counts, distinct, users: size };
}
