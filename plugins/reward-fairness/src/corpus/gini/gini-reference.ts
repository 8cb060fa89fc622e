import { PAD_ITEM } from '@bladerec/core';
import type { ReferenceCorpusLike } from '../reference-corpus.js';
import type { GiniOptions } from './gini-options.js';

/**
 * Readable Gini index, as RecBole's `GiniIndex.get_gini` computes it: count each recommended item
 * (each once per list; unknown ids, negative or ≥ n, skipped), sort the counts of the r recommended items ascending,
 * give them the ranks n − r + 1 … n (the n − r never-recommended items are the zeros before them):
 *
 *   Gini = Σ_{j=1}^{r} (2·(n − r + j) − n − 1) · P_(j) / (n · Σ_j P_(j))
 *
 * With `weighting: 'position'` P_i is the exposure Σ 1/log2(1+p) instead of the count. No catalog
 * item recommended → 1.
 */
export function giniReference(corpus: ReferenceCorpusLike, options: GiniOptions): number {
  const n = corpus.items.numItems;
  const counter = new Map<number, number>();
  for (const list of corpus.lists) {
    const seen = new Set<number>();
    for (let slot = 0; slot < list.length && slot < options.k && list[slot] !== PAD_ITEM; slot++) {
      const id = list[slot]!;
      if (id < 0 || id >= n || seen.has(id)) continue;
      seen.add(id);
      counter.set(id, (counter.get(id) ?? 0) + (options.weighting === 'position' ? 1 / Math.log2(slot + 2) : 1));
    }
  }
  const sorted = [...counter.values()].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  if (total === 0) return 1;
  const r = sorted.length;
  const gini = sorted.reduce((s, c, j) => s + (2 * (n - r + j + 1) - n - 1) * c, 0) / (n * total);
  return Math.max(0, gini);
}
