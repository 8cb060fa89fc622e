import type { RewardInputs } from '@bladerec/core';
import { exposureWeights } from '../../common/exposure-weights.js';
import { FirstOccurrenceScratch, forEachFirstOccurrence } from '../../common/first-occurrences.js';
import type { GiniOptions } from './gini-options.js';

/** Per-instance state: slot weights and scratch buffers. */
export class GiniState {
  readonly weights: Float64Array;
  readonly scratch: FirstOccurrenceScratch;

  constructor(options: GiniOptions) {
    this.weights = exposureWeights(options.k, options.weighting === 'position' ? 'position' : 'uniform');
    this.scratch = new FirstOccurrenceScratch(options.k);
  }
}

/**
 * Gini index of item counts (or exposures) over the whole catalog (see {@link giniReference}):
 * accumulates P_i over every list's top k, sorts P ascending (never-recommended items are zeros)
 * and returns Σ_i (2i − n − 1) P_(i) / (n Σ P); 1 when no catalog item is recommended.
 */
export function giniValue(inputs: RewardInputs, k: number, state: GiniState): number {
  const { lists, items } = inputs;
  const n = items.numItems;
  const { weights } = state;
  const { seen, touched } = state.scratch.buffers(n);
  const totals = new Float64Array(n);
  let sum = 0;
  const count = (id: number, slot: number) => {
    totals[id]! += weights[slot]!;
    sum += weights[slot]!;
  };
  for (let b = 0; b < lists.size; b++) forEachFirstOccurrence(lists, b, k, items.numItems, seen, touched, count);
  if (sum === 0) return 1;
  totals.sort();
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (2 * (i + 1) - n - 1) * totals[i]!;
  const gini = weighted / (n * sum);
  return gini > 0 ? gini : 0;
}
