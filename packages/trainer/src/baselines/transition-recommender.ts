import type { Csr, ListBatch, SequenceExample } from '@bladerec/core';
import type { TopKRecommender } from '../evaluation/top-k-recommender.js';

/**
 * A first-order Markov baseline: counts item → next-item transitions in the training sequences
 * (history followed by targets) and ranks items by their count after the user's last item, then by
 * training popularity (back-off), then by index.
 */
export class TransitionRecommender implements TopKRecommender {
  readonly name = 'transition';
  private readonly next = new Map<number, Map<number, number>>();
  private readonly popularity: Float64Array;
  private readonly byPopularity: Int32Array;

  constructor(numItems: number, train: readonly SequenceExample[]) {
    this.popularity = new Float64Array(numItems);
    for (const ex of train) {
      const seq = [...ex.history, ...ex.targets];
      for (const i of seq) this.popularity[i]!++;
      for (let j = 0; j + 1 < seq.length; j++) {
        let row = this.next.get(seq[j]!);
        if (!row) this.next.set(seq[j]!, (row = new Map()));
        row.set(seq[j + 1]!, (row.get(seq[j + 1]!) ?? 0) + 1);
      }
    }
    this.byPopularity = Int32Array.from({ length: numItems }, (_, i) => i).sort(
      (a, b) => this.popularity[b]! - this.popularity[a]! || a - b,
    );
  }

  async recommend(contexts: Csr, k: number, options: { excludeHistory: boolean }): Promise<ListBatch> {
    const rows = contexts.offsets.length - 1;
    const items = new Int32Array(rows * k).fill(-1);
    for (let r = 0; r < rows; r++) {
      const start = contexts.offsets[r]!;
      const end = contexts.offsets[r + 1]!;
      const excluded = options.excludeHistory ? new Set(contexts.values.subarray(start, end)) : new Set<number>();
      const chosen = new Set<number>();
      const followers = end > start ? [...(this.next.get(contexts.values[end - 1]!) ?? new Map<number, number>())] : [];
      followers.sort((a, b) => b[1] - a[1] || this.popularity[b[0]]! - this.popularity[a[0]]! || a[0] - b[0]);
      let n = 0;
      const take = (item: number) => {
        if (n < k && !excluded.has(item) && !chosen.has(item)) {
          chosen.add(item);
          items[r * k + n++] = item;
        }
      };
      for (const [item] of followers) take(item);
      for (let j = 0; j < this.byPopularity.length && n < k; j++) take(this.byPopularity[j]!);
    }
    return { size: rows, width: k, items };
  }
}
