import type { RewardInputs } from '@bladerec/core';
import { categorySets, popcount32 } from './category-sets.js';
import { ListWindow } from './list-window.js';

/**
 * Batched Jaccard ILD@K (see {@link ildReference} for the definition): pairwise over the list's
 * items, on 32-bit category masks when every category id is below 32 (always so when the category
 * count is ≤ 32), else by merging sorted category rows. Two empty sets have similarity 0.
 */
export function ildJaccardBatch(inputs: RewardInputs, k: number, out: Float64Array): Float64Array {
  const { lists, items } = inputs;
  if (!items.categories) throw new Error("ild (distance 'jaccard') needs item categories (inputs.items.categories)");
  const sets = categorySets(items.categories, items.numItems);
  const window = new ListWindow(lists, k, items.numItems);
  const ids = window.ids;
  const similarity =
    sets.kind === 'bits'
      ? (a: number, b: number) => {
          const union = popcount32(sets.masks[a]! | sets.masks[b]!);
          return union === 0 ? 0 : popcount32(sets.masks[a]! & sets.masks[b]!) / union;
        }
      : (a: number, b: number) => sortedJaccard(sets.offsets, sets.values, a, b);
  for (let b = 0; b < lists.size; b++) {
    const n = window.collect(b);
    if (n < 2) {
      out[b] = 0;
      continue;
    }
    let distance = 0;
    for (let j = 0; j < n; j++) for (let l = j + 1; l < n; l++) distance += 1 - similarity(ids[j]!, ids[l]!);
    out[b] = distance / ((n * (n - 1)) / 2);
  }
  return out;
}

/** Jaccard similarity of two sorted, repeat-free CSR rows; 0 when both are empty. */
function sortedJaccard(offsets: Int32Array, values: Int32Array, a: number, b: number): number {
  let i = offsets[a]!;
  let j = offsets[b]!;
  const iEnd = offsets[a + 1]!;
  const jEnd = offsets[b + 1]!;
  const union0 = iEnd - i + (jEnd - j);
  if (union0 === 0) return 0;
  let inter = 0;
  while (i < iEnd && j < jEnd) {
    const x = values[i]!;
    const y = values[j]!;
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (union0 - inter);
}
