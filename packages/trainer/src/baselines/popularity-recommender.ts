import type { Csr, ListBatch, SequenceExample } from '@bladerec/core';
import type { TopKRecommender } from '../evaluation/top-k-recommender.js';

/**
 * Recommends the most frequent training items (histories and targets of the training examples),
 * ties broken by the lower item index; skips history items when asked.
 */
export class PopularityRecommender implements TopKRecommender {
  readonly name = 'popularity';
  private readonly ranking: Int32Array;

  constructor(numItems: number, train: readonly SequenceExample[]) {
    const counts = new Float64Array(numItems);
    for (const ex of train) {
      for (const i of ex.history) counts[i]!++;
      for (const i of ex.targets) counts[i]!++;
    }
    this.ranking = Int32Array.from({ length: numItems }, (_, i) => i).sort((a, b) => counts[b]! - counts[a]! || a - b);
  }

  async recommend(contexts: Csr, k: number, options: { excludeHistory: boolean }): Promise<ListBatch> {
    const rows = contexts.offsets.length - 1;
    const items = new Int32Array(rows * k).fill(-1);
    for (let r = 0; r < rows; r++) {
      const history = options.excludeHistory
        ? new Set(contexts.values.subarray(contexts.offsets[r]!, contexts.offsets[r + 1]!))
        : undefined;
      let n = 0;
      for (let j = 0; j < this.ranking.length && n < k; j++) {
        const item = this.ranking[j]!;
        if (!history?.has(item)) items[r * k + n++] = item;
      }
    }
    return { size: rows, width: k, items };
  }
}
