import { relevanceHits, type RewardInputs } from '@bladerec/core';
import type { NdcgOptions } from './ndcg-options.js';

/** `1 / log2(p + 2)` for 0-based positions `p < n`. */
export function discounts(n: number): Float64Array {
  const d = new Float64Array(n);
  for (let p = 0; p < n; p++) d[p] = 1 / Math.log2(p + 2);
  return d;
}

/**
 * Batched NDCG@K (see {@link ndcgReference} for the definition). Works from the list's relevance
 * hits; the ideal DCG uses every judged relevant item of the row, sorted by grade.
 */
export function ndcgBatch(inputs: RewardInputs, options: NdcgOptions, out: Float64Array, disc: Float64Array = discounts(options.k)): Float64Array {
  const { k } = options;
  const exp = options.gain === 'exp';
  const hits = relevanceHits(inputs, k);
  const rel = inputs.relevance!;
  const size = inputs.lists.size;
  let scratch = new Float64Array(16);
  for (let b = 0; b < size; b++) {
    const count = hits.relevantCount[b]!;
    if (count === 0) {
      out[b] = 0;
      continue;
    }
    let dcg = 0;
    for (let h = hits.offsets[b]!; h < hits.offsets[b + 1]!; h++) {
      const g = hits.grades[h]!;
      dcg += (exp ? 2 ** g - 1 : g) * disc[hits.positions[h]!]!;
    }
    if (dcg === 0) {
      out[b] = 0;
      continue;
    }
    // ideal DCG over the row's positive grades, best first
    const r0 = rel.offsets[b]!;
    const r1 = rel.offsets[b + 1]!;
    let allOne = true;
    for (let r = r0; r < r1; r++) if (rel.grades[r] !== 1 && rel.grades[r]! > 0) allOne = false;
    let idcg = 0;
    const top = Math.min(k, count);
    if (allOne) {
      for (let p = 0; p < top; p++) idcg += disc[p]!;
    } else {
      if (scratch.length < count) scratch = new Float64Array(count);
      let n = 0;
      for (let r = r0; r < r1; r++) if (rel.grades[r]! > 0) scratch[n++] = rel.grades[r]!;
      const sorted = scratch.subarray(0, n).sort().reverse();
      for (let p = 0; p < top; p++) idcg += (exp ? 2 ** sorted[p]! - 1 : sorted[p]!) * disc[p]!;
    }
    out[b] = dcg / idcg;
  }
  return out;
}
