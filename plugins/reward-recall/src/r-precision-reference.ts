import { PAD_ITEM } from '@bladerec/core';

/**
 * Readable R-precision, the definition the fast kernel must match (property-tested): the precision
 * at rank |R|, `|L^{|R|} ∩ R| / |R|`, 0 when `R` is empty (ranx `r_precision`).
 */
export function rPrecisionReference(list: readonly number[], relevant: ReadonlyMap<number, number>): number {
  const end = list.indexOf(PAD_ITEM) === -1 ? list.length : list.indexOf(PAD_ITEM);
  const count = [...relevant.values()].filter((g) => g > 0).length;
  if (count === 0) return 0;
  const top = new Set(list.slice(0, Math.min(end, count)));
  return [...top].filter((id) => (relevant.get(id) ?? 0) > 0).length / count;
}
