import type { ItemSide } from '@bladerec/core';

/** Item embeddings scaled to unit length, in double precision. */
export interface UnitEmbeddings {
  readonly dim: number;
  /** `rows × dim`, row-major: `e_i / ‖e_i‖`, or all zeros when `‖e_i‖ = 0`. */
  readonly unit: Float64Array;
  /** `‖ê_i‖²` as stored (1 up to rounding, or 0 for a zero vector). */
  readonly squaredNorm: Float64Array;
}

const cache = new WeakMap<Float32Array, UnitEmbeddings>();

/**
 * The unit-length copy of an embedding matrix, computed once per `Float32Array` and cached (weakly,
 * so it goes when the embeddings do). The embeddings are taken to be immutable: writing into
 * `embeddings.data` after the first call is not seen by later calls.
 *
 * A zero vector stays zero, so its cosine similarity with anything is 0 (MS Recommenders sets a
 * missing similarity to 0).
 */
export function unitEmbeddings(embeddings: NonNullable<ItemSide['embeddings']>): UnitEmbeddings {
  const { data, dim } = embeddings;
  const cached = cache.get(data);
  if (cached && cached.dim === dim) return cached;
  if (!Number.isInteger(dim) || dim < 1 || data.length % dim !== 0) {
    throw new RangeError(`embeddings: ${data.length} values do not form rows of dim ${dim}`);
  }
  const rows = data.length / dim;
  const unit = new Float64Array(data.length);
  const squaredNorm = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const base = i * dim;
    let ss = 0;
    for (let t = 0; t < dim; t++) ss += data[base + t]! * data[base + t]!;
    if (ss === 0) continue;
    const norm = Math.sqrt(ss);
    let sq = 0;
    for (let t = 0; t < dim; t++) {
      const x = data[base + t]! / norm;
      unit[base + t] = x;
      sq += x * x;
    }
    squaredNorm[i] = sq;
  }
  const entry: UnitEmbeddings = { dim, unit, squaredNorm };
  cache.set(data, entry);
  return entry;
}
