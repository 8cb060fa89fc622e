import { type ItemSide, PAD_ITEM } from '@bladerec/core';
import type { ArpOptions } from './popularity-options.js';

/**
 * Readable average recommended popularity of one list (RecBole `AveragePopularity`), the definition
 * the kernel must match (property-tested): the mean `popularity` of the distinct catalog items in the
 * first k slots; 0 when there is none.
 */
export function arpReference(list: readonly number[], items: ItemSide, options: ArpOptions): number {
  const end = list.indexOf(PAD_ITEM) === -1 ? list.length : list.indexOf(PAD_ITEM);
  const known = new Set(list.slice(0, Math.min(end, options.k)).filter((id) => id >= 0 && id < items.numItems));
  if (known.size === 0) return 0;
  return [...known].reduce((s, id) => s + items.popularity![id]!, 0) / known.size;
}
