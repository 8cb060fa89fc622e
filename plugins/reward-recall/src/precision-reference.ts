import { PAD_ITEM } from '@bladerec/core';
import type { PrecisionOptions } from './precision-options.js';

/**
 * Readable Precision@K, the definition the fast kernel must match (property-tested):
 *
 *   Precision@K = |L^K ∩ R| / K,  R = { i : rel(i) > 0 },
 *
 * with `L^K` the set of distinct items in the first K positions, and K the divisor even when the
 * list is shorter (ranx, Recommenders).
 */
export function precisionReference(
  list: readonly number[],
  relevant: ReadonlyMap<number, number>,
  options: PrecisionOptions,
): number {
  const end = list.indexOf(PAD_ITEM) === -1 ? list.length : list.indexOf(PAD_ITEM);
  const topK = new Set(list.slice(0, Math.min(end, options.k)));
  let found = 0;
  for (const id of topK) if ((relevant.get(id) ?? 0) > 0) found++;
  return found / options.k;
}
