import { Random } from '../random/mulberry32.js';

/**
 * Adds `weight ×` a pseudo-random ±1 vector determined by `key` to `target[offset … offset+dim)`.
 * The vector is a row of an implicit random projection matrix: it is regenerated from the key
 * (Mulberry32 seeded with `key`, one sign bit per dimension) instead of being stored.
 */
export function addRandomSigns(target: Float64Array, offset: number, dim: number, key: number, weight: number): void {
  addSignWords(target, offset, dim, randomSignWords(key, dim), weight);
}

/**
 * The sign bits of {@link addRandomSigns}'s vector for `key`: `ceil(dim / 32)` words, bit `d % 32` of word `d / 32`.
 */
export function randomSignWords(key: number, dim: number): Uint32Array {
  const rng = new Random(key);
  const words = new Uint32Array(Math.ceil(dim / 32));
  for (let w = 0; w < words.length; w++) words[w] = rng.nextUint32();
  return words;
}

/** Adds `weight ×` the ±1 vector encoded by `words` (bit set = +1) to `target[offset … offset+dim)`. */
export function addSignWords(
  target: Float64Array,
  offset: number,
  dim: number,
  words: Uint32Array,
  weight: number,
): void {
  for (let d = 0; d < dim; d++) {
    target[offset + d]! += (words[d >>> 5]! >>> (d & 31)) & 1 ? weight : -weight;
  }
}

/** L2-normalises each `dim`-row of `data` into a new Float32Array (zero rows stay zero). */
export function normalizeRows(data: Float64Array, dim: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let off = 0; off < data.length; off += dim) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += data[off + d]! * data[off + d]!;
    if (norm === 0) continue;
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) out[off + d] = data[off + d]! * inv;
  }
  return out;
}
