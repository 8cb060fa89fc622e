import { relevanceHitsOf, type RewardInputs, type SharedPasses, singleTargetHitsOf } from '@bladerec/core';
import type { NdcgOptions } from './ndcg-options.js';

/** `1 / log2(p + 2)` for 0-based positions `p < n`. */
export function discounts(n: number): Float64Array {
  const d = new Float64Array(n);
  for (let p = 0; p < n; p++) d[p] = 1 / Math.log2(p + 2);
  return d;
}

/**
 * Batched NDCG@K (see {@link ndcgReference} for the definition). Works from the list's relevance
 * hits; the ideal DCG uses every judged relevant item of the row, sorted by grade. Batches whose
 * rows judge at most one item each take the single-target path ({@link singleTargetHits}), which
 * gives the same numbers without building the hit lists.
 */
export function ndcgBatch(
  inputs: RewardInputs,
  options: NdcgOptions,
  out: Float64Array,
  disc: Float64Array = discounts(options.k),
  passes?: SharedPasses,
): Float64Array {
  const { k } = options;
  const exp = options.gain === 'exp';
  const size = inputs.lists.size;
  const single = singleTargetHitsOf(inputs, k, passes);
  if (single) return singleTargetNdcg(single, inputs.relevance!, size, disc, exp, out);
  const hits = relevanceHitsOf(inputs, k, passes);
  const rel = inputs.relevance!;
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

/**
 * The single-target path of {@link ndcgBatch}: one judged item per row, hit at `single[b]` (−1: none), so
 * DCG = gain·disc[p] and IDCG = gain·disc[0], computed as the general path does. Its own small function,
 * so that V8 compiles its loops tightly (inside `ndcgBatch` the same loops ran 2–3× slower).
 */
function singleTargetNdcg(
  single: Int32Array,
  relevance: { offsets: Int32Array; grades: Float32Array },
  size: number,
  disc: Float64Array,
  exp: boolean,
  out: Float64Array,
): Float64Array {
  const { offsets, grades } = relevance;
  const d0 = disc[0]!;
  if (gradesAllOne(grades, offsets[0]!, offsets[size]!)) {
    // every grade is 1 (gain 1 for both gains): a table lookup by position, with value[0] = 0 for "no hit"
    const value = new Float64Array(disc.length + 1);
    for (let p = 0; p < disc.length; p++) value[p + 1] = (1 * disc[p]!) / (1 * d0);
    lookUp(single, value, size, out);
    return out;
  }
  for (let b = 0; b < size; b++) {
    const p = single[b]!;
    if (p < 0) {
      out[b] = 0;
      continue;
    }
    const g = grades[offsets[b]!]!;
    const gain = exp ? 2 ** g - 1 : g;
    const dcg = gain * disc[p]!;
    out[b] = dcg === 0 ? 0 : dcg / (gain * d0);
  }
  return out;
}

/** Whether `grades[from … to)` are all exactly 1. */
function gradesAllOne(grades: Float32Array, from: number, to: number): boolean {
  for (let r = from; r < to; r++) if (grades[r] !== 1) return false;
  return true;
}

/** `out[b] = value[positions[b] + 1]` for `b < size`. */
function lookUp(positions: Int32Array, value: Float64Array, size: number, out: Float64Array): void {
  for (let b = 0; b < size; b++) out[b] = value[positions[b]! + 1]!;
}
