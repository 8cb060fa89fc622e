import { mixSeeds } from '../random/hash.js';
import { addRandomSigns, normalizeRows } from './random-sign-vector.js';

/** Options of {@link cooccurrenceEmbeddings}. */
export interface CooccurrenceEmbeddingOptions {
  /** Output dimension (default 64). */
  readonly dim?: number;
  /** Items at most this many positions apart co-occur (default 5). */
  readonly window?: number;
  /** Seed of the item index vectors (default 0xc0c0). */
  readonly seed?: number;
}

/** Source tag of {@link cooccurrenceEmbeddings}. */
export const COOCCURRENCE_EMBEDDING_SOURCE = 'cooccurrence-random-indexing-v1';

/**
 * Co-occurrence embeddings by random indexing: every item `j` has a fixed random ±1 index vector
 * `r(j)` (seeded by `seed` and `j`); item `i`'s embedding is the L2-normalised sum of
 * `r(j) / |p − q|` over every pair of positions `p ≠ q`, `|p − q| ≤ window`, of one sequence with
 * `i` at `p` and `j` at `q`. Items that co-occur with the same neighbours get similar vectors.
 * An item that never co-occurs gets its own index vector (so every row has norm 1).
 * @param sequences item-index sequences (e.g. training histories followed by their targets).
 */
export function cooccurrenceEmbeddings(
  sequences: readonly ArrayLike<number>[],
  size: number,
  options: CooccurrenceEmbeddingOptions = {},
): Float32Array {
  const dim = options.dim ?? 64;
  const window = options.window ?? 5;
  const seed = options.seed ?? 0xc0c0;
  const index = new Float64Array(size * dim);
  for (let j = 0; j < size; j++) addRandomSigns(index, j * dim, dim, mixSeeds(seed, j), 1);
  const acc = new Float64Array(size * dim);
  const touched = new Uint8Array(size);
  for (const seq of sequences) {
    for (let p = 0; p < seq.length; p++) {
      const i = seq[p]!;
      const hi = Math.min(seq.length - 1, p + window);
      for (let q = Math.max(0, p - window); q <= hi; q++) {
        if (q === p) continue;
        const j = seq[q]!;
        const w = 1 / Math.abs(p - q);
        const oi = i * dim;
        const oj = j * dim;
        for (let d = 0; d < dim; d++) acc[oi + d]! += w * index[oj + d]!;
        touched[i] = 1;
      }
    }
  }
  for (let i = 0; i < size; i++) {
    if (!touched[i]) for (let d = 0; d < dim; d++) acc[i * dim + d] = index[i * dim + d]!;
  }
  return normalizeRows(acc, dim);
}
