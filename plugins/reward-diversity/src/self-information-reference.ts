import { type ItemSide, PAD_ITEM } from '@bladerec/core';
import type { SelfInformationOptions } from './popularity-options.js';

/**
 * Readable novelty as mean self-information, the definition the kernel must match:
 * `(1/n) Σ_{i ∈ S} −log2 p(i)`, `p(i) = (pop(i) + α) / (Σ_j pop(j) + α·|I|)`, S the n distinct
 * catalog items in the first k slots; 0 when n = 0.
 */
export function selfInformationReference(
  list: readonly number[],
  items: ItemSide,
  options: SelfInformationOptions,
): number {
  const popularity = Array.from(items.popularity!);
  const total = popularity.reduce((s, x) => s + x, 0) + options.smoothing * items.numItems;
  const end = list.indexOf(PAD_ITEM) === -1 ? list.length : list.indexOf(PAD_ITEM);
  const known = new Set(list.slice(0, Math.min(end, options.k)).filter((id) => id >= 0 && id < items.numItems));
  if (known.size === 0) return 0;
  return [...known].reduce((s, id) => s - Math.log2((popularity[id]! + options.smoothing) / total), 0) / known.size;
}
