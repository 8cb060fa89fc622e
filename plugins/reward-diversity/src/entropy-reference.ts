import { type ItemSide, PAD_ITEM } from '@bladerec/core';
import type { EntropyOptions } from './entropy-options.js';

/**
 * Readable Shannon entropy of the recommendations (RecBole `ShannonEntropy`), the definition the
 * kernel must match: p(i) = c(i) / Σ c with c(i) the number of lists whose top k shows catalog
 * item i; H = −Σ p ln p, divided by the number of distinct recommended items (RecBole) or not; 0
 * when nothing is recommended.
 */
export function entropyReference(
  lists: readonly (readonly number[])[],
  items: ItemSide,
  options: EntropyOptions,
): number {
  const counts = new Map<number, number>();
  for (const list of lists) {
    const end = list.indexOf(PAD_ITEM) === -1 ? list.length : list.indexOf(PAD_ITEM);
    for (const id of new Set(list.slice(0, Math.min(end, options.k))))
      if (id >= 0 && id < items.numItems) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const total = [...counts.values()].reduce((s, c) => s + c, 0);
  if (total === 0) return 0;
  const h = [...counts.values()].reduce((s, c) => s - (c / total) * Math.log(c / total), 0);
  return options.normalization === 'distinct-items' ? h / counts.size : h;
}
