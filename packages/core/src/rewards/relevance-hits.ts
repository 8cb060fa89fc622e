import { PAD_ITEM } from './list-batch.js';
import type { RewardInputs } from './reward-inputs.js';

/**
 * Where each list hits its relevant items: the shared first step of every relevance-based metric
 * (NDCG, Recall, HR, MRR, Precision, MAP …).
 *
 * Rules (see `docs/metrics.md`): positions are 0-based; only the first `cutoff` slots count; a
 * list ends at its first `PAD_ITEM`; unknown items never hit; an item repeated later in the list
 * hits only at its first occurrence (duplicates add nothing, but keep their slot).
 */
export interface RelevanceHits {
  /** `size + 1` offsets: the hits of list `b` are entries `offsets[b] … offsets[b+1]`. */
  readonly offsets: Int32Array;
  /** 0-based position of each hit, ascending within a list. */
  readonly positions: Int32Array;
  /** Grade of each hit (> 0). */
  readonly grades: Float32Array;
  /** Number of judged relevant items (grade > 0) of each list. */
  readonly relevantCount: Int32Array;
  /** Length of each list inside the cutoff (`min(cutoff, length)`). */
  readonly lengths: Int32Array;
}

/** Rows with at most this many relevant items are matched by a linear scan, longer ones by a dense table. */
const SCAN_LIMIT = 16;

/**
 * Computes {@link RelevanceHits} for every list in `inputs` (which must have `relevance`).
 * Cost: `O(B · cutoff · min(|R|, 16))`, or `O(B · cutoff + |R|)` per row with many relevant items.
 */
export function relevanceHits(inputs: RewardInputs, cutoff: number): RelevanceHits {
  const relevance = inputs.relevance;
  if (!relevance) throw new Error('relevanceHits: inputs have no relevance judgments');
  const { size, width, items } = inputs.lists;
  const k = Math.min(cutoff, width);
  const offsets = new Int32Array(size + 1);
  const relevantCount = new Int32Array(size);
  const lengths = new Int32Array(size);
  let capacity = 0;
  for (let b = 0; b < size; b++) capacity += Math.min(relevance.offsets[b + 1]! - relevance.offsets[b]!, k);
  const positions = new Int32Array(capacity);
  const grades = new Float32Array(capacity);
  const used = new Uint8Array(SCAN_LIMIT);
  let dense: Float32Array | undefined;
  let n = 0;
  for (let b = 0; b < size; b++) {
    const r0 = relevance.offsets[b]!;
    const r1 = relevance.offsets[b + 1]!;
    let count = 0;
    for (let r = r0; r < r1; r++) if (relevance.grades[r]! > 0) count++;
    relevantCount[b] = count;
    const row = b * width;
    let len = 0;
    while (len < k && items[row + len] !== PAD_ITEM) len++;
    lengths[b] = len;
    if (count > 0) {
      if (r1 - r0 <= SCAN_LIMIT) {
        used.fill(0);
        for (let p = 0; p < len; p++) {
          const id = items[row + p]!;
          if (id < 0) continue;
          for (let r = r0; r < r1; r++) {
            if (relevance.values[r] === id) {
              const g = relevance.grades[r]!;
              if (g > 0 && used[r - r0] === 0) {
                used[r - r0] = 1;
                positions[n] = p;
                grades[n++] = g;
              }
              break;
            }
          }
        }
      } else {
        dense ??= new Float32Array(inputs.items.numItems);
        for (let r = r0; r < r1; r++) dense[relevance.values[r]!] = relevance.grades[r]!;
        for (let p = 0; p < len; p++) {
          const id = items[row + p]!;
          if (id < 0) continue;
          const g = dense[id]!;
          if (g > 0) {
            dense[id] = 0; // later duplicates of this item do not hit again
            positions[n] = p;
            grades[n++] = g;
          }
        }
        for (let r = r0; r < r1; r++) dense[relevance.values[r]!] = 0;
      }
    }
    offsets[b + 1] = n;
  }
  return { offsets, positions: positions.subarray(0, n), grades: grades.subarray(0, n), relevantCount, lengths };
}

/**
 * Fast path of {@link relevanceHits} for single-target judgments (the usual LLM-recommendation
 * setting: one held-out item per user). When every row of `inputs.relevance` has at most one judged
 * item, writes into `out[b]` the 0-based position of list `b`'s hit — the first occurrence of its
 * item among the first `cutoff` slots, before the first `PAD_ITEM` — or −1 when the list has no hit
 * (no judged item, a grade ≤ 0, or the item is not in the window). The rules, and so every metric
 * built on it, are those of {@link relevanceHits}: a later repeat never hits, unknown items never hit.
 *
 * @returns `out` (allocated when absent), or `undefined` when some row judges more than one item
 *   (then use {@link relevanceHits}; `out` may have been partly written).
 */
export function singleTargetHits(inputs: RewardInputs, cutoff: number, out?: Int32Array): Int32Array | undefined {
  const relevance = inputs.relevance;
  if (!relevance) throw new Error('singleTargetHits: inputs have no relevance judgments');
  const { size, width, items } = inputs.lists;
  const { offsets, values, grades } = relevance;
  const hits = out ?? new Int32Array(size);
  const k = Math.min(cutoff, width);
  for (let b = 0, row = 0; b < size; b++, row += width) {
    const r = offsets[b]!;
    const count = offsets[b + 1]! - r;
    if (count > 1) return undefined; // not single-target: the caller falls back to relevanceHits
    let hit = -1;
    if (count === 1) {
      const target = values[r]!;
      // first slot holding the target, unrolled by four; PAD and unknown ids are negative and never match it
      const end = row + k;
      let i = row;
      for (; i + 3 < end; i += 4) {
        if (items[i] === target) break;
        if (items[i + 1] === target) {
          i += 1;
          break;
        }
        if (items[i + 2] === target) {
          i += 2;
          break;
        }
        if (items[i + 3] === target) {
          i += 3;
          break;
        }
      }
      if (i + 3 >= end) while (i < end && items[i] !== target) i++;
      if (i < end && target >= 0 && grades[r]! > 0) {
        // it counts only when no PAD ends the list before it
        let j = row;
        while (j < i && items[j] !== PAD_ITEM) j++;
        if (j === i) hit = i - row;
      }
    }
    hits[b] = hit;
  }
  return hits;
}
