import { PAD_ITEM } from '@bladerec/core';
import type { RecallOptions } from './recall-options.js';

/**
 * Readable Recall@K, the definition the fast kernel must match (property-tested):
 *
 *   Recall@K = |L^K ∩ R| / |R|,  R = { i : rel(i) > 0 },  and 0 when R is empty.
 *
 * `L^K` is the set of distinct items in the first K positions (a repeat counts once; unknown items
 * are never in R).
 */
export function recallReference(
  list: readonly number[],
  relevant: ReadonlyMap<number, number>,
  options: RecallOptions,
): number {
  const relevantItems = [...relevant].filter(([, grade]) => grade > 0).map(([id]) => id);
  if (relevantItems.length === 0) return 0;
  const end = list.indexOf(PAD_ITEM) === -1 ? list.length : list.indexOf(PAD_ITEM);
  const topK = new Set(list.slice(0, Math.min(end, options.k)));
  const found = relevantItems.filter((id) => topK.has(id)).length;
  return found / relevantItems.length;
}
