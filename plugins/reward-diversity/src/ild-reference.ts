import { type ItemSide, PAD_ITEM } from '@bladerec/core';
import type { IldOptions } from './ild-options.js';

/**
 * Readable ILD@K, the definition the fast kernels must match (property-tested):
 *
 *   ILD(L) = 2 / (n (n − 1)) · Σ_{j<l} d(i_j, i_l)
 *
 * over the n distinct known items among the first K slots of the list (unknown items and repeats
 * use up a slot but are not scored), with
 * - cosine:  d = 1 − e_a·e_b / (‖e_a‖ ‖e_b‖), and similarity 0 when either vector is zero;
 * - jaccard: d = 1 − |C_a ∩ C_b| / |C_a ∪ C_b|, and similarity 0 when both sets are empty.
 *
 * ILD is undefined for n < 2; this returns 0 then.
 */
export function ildReference(list: readonly number[], items: ItemSide, options: IldOptions): number {
  const chosen: number[] = [];
  for (const id of list.slice(0, options.k)) {
    if (id === PAD_ITEM) break;
    if (id < 0 || id >= items.numItems || chosen.includes(id)) continue;
    chosen.push(id);
  }
  const n = chosen.length;
  if (n < 2) return 0;
  const distance = options.distance === 'jaccard' ? jaccardDistance : cosineDistance;
  let total = 0;
  for (let j = 0; j < n; j++) for (let l = j + 1; l < n; l++) total += distance(items, chosen[j]!, chosen[l]!);
  return total / ((n * (n - 1)) / 2);
}

/** `1 − cos(e_a, e_b)`; a zero vector has similarity 0 with anything. */
export function cosineDistance(items: ItemSide, a: number, b: number): number {
  const { dim, data } = items.embeddings!;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let t = 0; t < dim; t++) {
    const x = data[a * dim + t]!;
    const y = data[b * dim + t]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 1 : 1 - dot / (Math.sqrt(na) * Math.sqrt(nb));
}

/** `1 − |C_a ∩ C_b| / |C_a ∪ C_b|`; two empty sets have similarity 0. */
export function jaccardDistance(items: ItemSide, a: number, b: number): number {
  const { offsets, values } = items.categories!;
  const setA = new Set(values.subarray(offsets[a]!, offsets[a + 1]!));
  const setB = new Set(values.subarray(offsets[b]!, offsets[b + 1]!));
  const union = new Set([...setA, ...setB]).size;
  const inter = [...setA].filter((c) => setB.has(c)).length;
  return union === 0 ? 1 : 1 - inter / union;
}
