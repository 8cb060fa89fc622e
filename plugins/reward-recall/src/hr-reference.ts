import { PAD_ITEM } from '@bladerec/core';
import type { HrOptions } from './hr-options.js';

/**
 * Readable HR@K (hit rate), the definition the fast kernel must match (property-tested):
 *
 *   HR@K = 1 if some item among the first K positions has rel(i) > 0, else 0.
 */
export function hrReference(
  list: readonly number[],
  relevant: ReadonlyMap<number, number>,
  options: HrOptions,
): number {
  for (let p = 0; p < list.length && p < options.k; p++) {
    if (list[p] === PAD_ITEM) break;
    if ((relevant.get(list[p]!) ?? 0) > 0) return 1;
  }
  return 0;
}
