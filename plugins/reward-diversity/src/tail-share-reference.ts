import { type ItemSide, PAD_ITEM } from '@bladerec/core';
import type { TailShareOptions } from './popularity-options.js';

/**
 * Readable tail share of one list (RecBole `TailPercentage`, APLT of Abdollahpouri et al. 2019), the
 * definition the kernel must match: the share of the distinct catalog items in the first k slots that
 * belong to the long tail; 0 when there is none. The tail is computed here from scratch: with
 * `tail > 1` the items whose popularity is ≤ tail, else the ⌊tail·|I|⌋ (≥ 1) least popular items
 * and every item tied with the last of them.
 */
export function tailShareReference(list: readonly number[], items: ItemSide, options: TailShareOptions): number {
  const popularity = Array.from(items.popularity!);
  const sorted = [...popularity].sort((a, b) => a - b);
  const threshold =
    options.tail > 1 ? options.tail : sorted[Math.max(1, Math.floor(options.tail * popularity.length)) - 1]!;
  const end = list.indexOf(PAD_ITEM) === -1 ? list.length : list.indexOf(PAD_ITEM);
  const known = new Set(list.slice(0, Math.min(end, options.k)).filter((id) => id >= 0 && id < items.numItems));
  if (known.size === 0) return 0;
  return [...known].filter((id) => popularity[id]! <= threshold).length / known.size;
}
