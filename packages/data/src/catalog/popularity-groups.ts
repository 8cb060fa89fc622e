/**
 * Equal-size popularity groups: items sorted by popularity, most popular first (ties by index), cut
 * into `count` contiguous groups whose sizes differ by at most one (the first groups take the
 * remainder). Group `0` is the head. Names are `"0"`, `"1"`, …, as in the video-games data.
 */
export function popularityGroups(popularity: ArrayLike<number>, count: number): { names: string[]; of: Int32Array } {
  const n = popularity.length;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`popularity groups: count must be a positive integer, got ${count}`);
  const k = Math.min(count, Math.max(n, 1));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => popularity[b]! - popularity[a]! || a - b);
  const of = new Int32Array(n);
  const base = Math.floor(n / k);
  const extra = n % k;
  let pos = 0;
  for (let g = 0; g < k; g++) {
    const size = base + (g < extra ? 1 : 0);
    for (let j = 0; j < size; j++) of[order[pos++]!] = g;
  }
  return { names: Array.from({ length: k }, (_, g) => String(g)), of };
}
