import { PAD_ITEM } from '@bladerec/core';
import type { F1Options } from './f1-options.js';

/**
 * Readable F1@K, the definition the fast kernel must match (property-tested): the harmonic mean of
 * Precision@K (divided by K) and Recall@K, 0 when both are 0 (ranx `f1`).
 *
 *   F1@K = 2 · P · R / (P + R),  P = |L^K ∩ R| / K,  R = |L^K ∩ R| / |R|
 */
export function f1Reference(
  list: readonly number[],
  relevant: ReadonlyMap<number, number>,
  options: F1Options,
): number {
  const end = list.indexOf(PAD_ITEM) === -1 ? list.length : list.indexOf(PAD_ITEM);
  const count = [...relevant.values()].filter((g) => g > 0).length;
  const top = new Set(list.slice(0, Math.min(end, options.k)));
  const hits = [...top].filter((id) => (relevant.get(id) ?? 0) > 0).length;
  if (count === 0 || hits === 0) return 0;
  const precision = hits / options.k;
  const recall = hits / count;
  return (2 * precision * recall) / (precision + recall);
}
