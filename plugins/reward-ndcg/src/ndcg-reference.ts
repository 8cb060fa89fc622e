import { PAD_ITEM } from '@bladerec/core';
import type { NdcgOptions } from './ndcg-options.js';

/**
 * Readable NDCG@K, the definition the fast kernel must match (property-tested):
 *
 *   DCG@K  = Σ_{p=1}^{min(K,n)} gain(rel(i_p)) / log2(p + 1)
 *   IDCG@K = Σ_{p=1}^{min(K,|R|)} gain(g_(p)) / log2(p + 1),  g_(1) ≥ g_(2) ≥ … the judged grades
 *   NDCG@K = DCG@K / IDCG@K, and 0 when there is no relevant item.
 *
 * `rel` is 0 for unjudged and unknown items and for repeats of an item already seen.
 */
export function ndcgReference(
  list: readonly number[],
  relevant: ReadonlyMap<number, number>,
  options: NdcgOptions,
): number {
  const gain = (g: number) => (options.gain === 'exp' ? 2 ** g - 1 : g);
  const seen = new Set<number>();
  let dcg = 0;
  for (let p = 0; p < list.length && p < options.k; p++) {
    const id = list[p]!;
    if (id === PAD_ITEM) break;
    if (seen.has(id)) continue;
    seen.add(id);
    const g = relevant.get(id) ?? 0;
    if (g > 0) dcg += gain(g) / Math.log2(p + 2);
  }
  const ideal = [...relevant.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, options.k);
  const idcg = ideal.reduce((sum, g, p) => sum + gain(g) / Math.log2(p + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}
