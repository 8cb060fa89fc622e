import { type ItemSide, PAD_ITEM } from '@bladerec/core';
import { addShares, normalise } from '../common/attribute-shares.js';
import type { ExposureGapOptions } from './exposure-gap-options.js';

/**
 * Readable exposure gap, the definition the fast kernel must match (property-tested):
 *
 *   p_g = Σ_{p ≤ K, i_p first seen} v(p) · w(i_p, g) / Σ_{same} v(p) · Σ_g w(i_p, g)
 *   q   = the user's history distribution (each history entry counts 1), or the catalog's, or uniform
 *   gap = ½ Σ_g |p_g − q_g|  |  max_g(p_g − q_g) − min_g(p_g − q_g)  |  Σ_g q_g ln(q_g / ((1−α)p_g + αq_g))
 *
 * with v(p) = 1/log2(1+p) or 1, and w(i, g) = 1/|C_i| for each category g of i (or 1 for its group).
 * A list without exposure mass scores the range maximum; an empty history falls back to the catalog.
 */
export function exposureGapReference(
  list: readonly number[],
  history: readonly number[],
  items: ItemSide,
  options: ExposureGapOptions,
): number {
  const { k, attribute, reference, distance, alpha, weighting } = options;
  const count = attribute === 'category' ? items.categories!.count : items.groups!.count;
  const v = (slot: number) => (weighting === 'position' ? 1 / Math.log2(slot + 2) : 1);

  const shown = new Map<number, number>();
  const seen = new Set<number>();
  for (let slot = 0; slot < list.length && slot < k; slot++) {
    const id = list[slot]!;
    if (id === PAD_ITEM) break;
    if (id < 0 || seen.has(id)) continue;
    seen.add(id);
    addShares(shown, items, attribute, id, v(slot));
  }
  const p = normalise(shown, count);
  if (!p) return distance === 'tv' ? 1 : distance === 'max-min' ? 2 : Math.log(1 / alpha);

  const distributionOf = (ids: Iterable<number>) => {
    const mass = new Map<number, number>();
    for (const id of ids) addShares(mass, items, attribute, id, 1);
    return normalise(mass, count);
  };
  const catalog = () => distributionOf(Array.from({ length: items.numItems }, (_, id) => id))!;
  const q =
    reference === 'uniform'
      ? Array.from({ length: count }, () => 1 / count)
      : reference === 'history'
        ? (distributionOf(history) ?? catalog())
        : catalog();

  const diff = p.map((pg, g) => pg - q[g]!);
  // both distributions sum to 1 only up to rounding: clamp to the distance's range
  if (distance === 'tv') return Math.min(1, diff.reduce((s, d) => s + Math.abs(d), 0) / 2);
  if (distance === 'max-min') return Math.min(2, Math.max(...diff) - Math.min(...diff));
  const kl = q.reduce((s, qg, g) => (qg > 0 ? s + qg * Math.log(qg / ((1 - alpha) * p[g]! + alpha * qg)) : s), 0);
  return Math.max(0, kl);
}
