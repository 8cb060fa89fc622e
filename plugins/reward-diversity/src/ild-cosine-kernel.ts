import type { RewardInputs } from '@bladerec/core';
import { ListWindow } from './list-window.js';
import { unitEmbeddings } from './unit-embeddings.js';

/**
 * Batched cosine ILD@K (see {@link ildReference} for the definition), `O(n · dim)` per list.
 *
 * With unit vectors `ê_j` (zero for a zero embedding) the pairwise similarities need no pair loop:
 *
 *   Σ_{j<l} cos(e_j, e_l) = (‖Σ_j ê_j‖² − Σ_j ‖ê_j‖²) / 2,
 *   ILD = 1 − (‖Σ_j ê_j‖² − Σ_j ‖ê_j‖²) / (n (n − 1)).
 *
 * A zero vector adds nothing to either sum, so its similarity with every item is 0 (distance 1).
 * The result is clamped to `[0, 2]` against rounding.
 */
export function ildCosineBatch(inputs: RewardInputs, k: number, out: Float64Array): Float64Array {
  const { lists, items } = inputs;
  if (!items.embeddings) throw new Error("ild (distance 'cosine') needs item embeddings (inputs.items.embeddings)");
  const { dim, unit, squaredNorm } = unitEmbeddings(items.embeddings);
  if (squaredNorm.length < items.numItems) throw new RangeError(`embeddings: ${squaredNorm.length} rows for ${items.numItems} items`);
  const window = new ListWindow(lists, k, items.numItems);
  const ids = window.ids;
  const rows = new Int32Array(ids.length); // offset of each item's row in `unit`
  for (let b = 0; b < lists.size; b++) {
    const n = window.collect(b);
    if (n < 2) {
      out[b] = 0;
      continue;
    }
    let diagonal = 0;
    for (let j = 0; j < n; j++) {
      diagonal += squaredNorm[ids[j]!]!;
      rows[j] = ids[j]! * dim;
    }
    // ‖Σ_j ê_j‖², one coordinate at a time (four per pass), so the sum vector is never stored
    let total = 0;
    let t = 0;
    for (; t + 4 <= dim; t += 4) {
      let x0 = 0;
      let x1 = 0;
      let x2 = 0;
      let x3 = 0;
      for (let j = 0; j < n; j++) {
        const o = rows[j]! + t;
        x0 += unit[o]!;
        x1 += unit[o + 1]!;
        x2 += unit[o + 2]!;
        x3 += unit[o + 3]!;
      }
      total += x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3;
    }
    for (; t < dim; t++) {
      let x = 0;
      for (let j = 0; j < n; j++) x += unit[rows[j]! + t]!;
      total += x * x;
    }
    const ild = 1 - (total - diagonal) / (n * (n - 1));
    out[b] = ild < 0 ? 0 : ild > 2 ? 2 : ild;
  }
  return out;
}
