/**
 * The long-tail set of a catalog as a byte mask (1 = tail item), from item popularity:
 * - `tail > 1`: the items with popularity ≤ `tail` (RecBole's absolute `tail_ratio`);
 * - `tail ≤ 1`: the `max(1, ⌊tail · |I|⌋)` least popular items, and every item tied with the last
 *   of them (so the set never depends on item ids).
 * Cached per popularity array and `tail`: treat item sides as immutable.
 */
export function tailItems(popularity: Float64Array, tail: number): Uint8Array {
  let byTail = cache.get(popularity);
  if (!byTail) cache.set(popularity, (byTail = new Map()));
  let mask = byTail.get(tail);
  if (!mask) byTail.set(tail, (mask = computeTail(popularity, tail)));
  return mask;
}

const cache = new WeakMap<Float64Array, Map<number, Uint8Array>>();

function computeTail(popularity: Float64Array, tail: number): Uint8Array {
  const n = popularity.length;
  let threshold = tail;
  if (tail <= 1 && n > 0) {
    const cut = Math.max(1, Math.floor(tail * n));
    threshold = Float64Array.from(popularity).sort()[cut - 1]!;
  }
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) mask[i] = popularity[i]! <= threshold ? 1 : 0;
  return mask;
}
