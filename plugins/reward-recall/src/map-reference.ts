import { PAD_ITEM } from '@bladerec/core';
import type { MapOptions } from './map-options.js';

/**
 * Readable average precision at K, the definition the fast kernel must match (property-tested):
 *
 *   AP@K = (1/|R|) Σ_{p ≤ K, i_p ∈ R, first occurrence} Precision@p,  Precision@p = hits in 1…p / p,
 *
 * with `R = { i : rel(i) > 0 }`; 0 when `R` is empty (ranx `map`).
 */
export function mapReference(
  list: readonly number[],
  relevant: ReadonlyMap<number, number>,
  options: MapOptions,
): number {
  const end = list.indexOf(PAD_ITEM) === -1 ? list.length : list.indexOf(PAD_ITEM);
  const count = [...relevant.values()].filter((g) => g > 0).length;
  if (count === 0) return 0;
  const seen = new Set<number>();
  let hits = 0;
  let sum = 0;
  for (let p = 0; p < Math.min(end, options.k); p++) {
    const id = list[p]!;
    if (seen.has(id)) continue;
    seen.add(id);
    if ((relevant.get(id) ?? 0) > 0) {
      hits++;
      sum += hits / (p + 1);
    }
  }
  return sum / count;
}
