import { PAD_ITEM } from '@bladerec/core';
import type { MrrOptions } from './mrr-options.js';

/**
 * Readable reciprocal rank at K, the definition the fast kernel must match (property-tested):
 *
 *   RR@K = 1/p for the smallest 1-based position p ≤ K whose item has rel(i) > 0, else 0.
 *
 * MRR@K is the mean of RR@K over lists; the evaluator takes that mean.
 */
export function mrrReference(
  list: readonly number[],
  relevant: ReadonlyMap<number, number>,
  options: MrrOptions,
): number {
  for (let p = 1; p <= list.length && p <= options.k; p++) {
    const id = list[p - 1]!;
    if (id === PAD_ITEM) break;
    if ((relevant.get(id) ?? 0) > 0) return 1 / p;
  }
  return 0;
}
