import type { RewardInputs } from '@bladerec/core';
import { addAttributeMass, attributeCount } from '../common/attribute.js';
import { CatalogDistribution } from '../common/catalog-distribution.js';
import { calibrationKl, maxMinGap, totalVariation } from '../common/distribution-gaps.js';
import { exposureWeights } from '../common/exposure-weights.js';
import { FirstOccurrenceScratch, forEachFirstOccurrence } from '../common/first-occurrences.js';
import type { ExposureGapOptions } from './exposure-gap-options.js';

/** The interval every exposure gap lies in: tv [0,1], max-min [0,2], kl [0, ln(1/α)]. */
export function exposureGapRange(options: ExposureGapOptions): readonly [number, number] {
  if (options.distance === 'tv') return [0, 1];
  if (options.distance === 'max-min') return [0, 2];
  return [0, Math.log(1 / options.alpha)];
}

/** What an `exposure-gap` instance keeps between calls: slot weights, catalog cache, scratch. */
export class ExposureGapState {
  readonly weights: Float64Array;
  readonly catalog: CatalogDistribution;
  readonly scratch: FirstOccurrenceScratch;

  constructor(options: ExposureGapOptions) {
    this.weights = exposureWeights(options.k, options.weighting);
    this.catalog = new CatalogDistribution(options.attribute);
    this.scratch = new FirstOccurrenceScratch(options.k);
  }
}

/**
 * Batched exposure gap (see {@link exposureGapReference} for the definition): one pass over the
 * first k slots of each list accumulates its attribute exposure, which is normalised and compared
 * with the reference distribution; lists without exposure mass get the range maximum.
 */
export function exposureGapBatch(
  inputs: RewardInputs,
  options: ExposureGapOptions,
  out: Float64Array,
  state = new ExposureGapState(options),
): Float64Array {
  const { k, attribute, reference, distance, alpha } = options;
  const { lists, items } = inputs;
  const n = attributeCount(items, attribute);
  const worst = exposureGapRange(options)[1];
  const history = inputs.history;
  if (reference === 'history' && !history)
    throw new TypeError("exposure-gap: reference 'history' needs the users' histories");
  const { weights } = state;
  const { seen, touched } = state.scratch.buffers(items.numItems);
  const uniform = reference === 'uniform' ? new Float64Array(n).fill(1 / n) : undefined;
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  let mass = 0;
  const expose = (id: number, slot: number) => {
    if (addAttributeMass(items, attribute, id, weights[slot]!, p)) mass += weights[slot]!;
  };
  for (let b = 0; b < lists.size; b++) {
    p.fill(0);
    mass = 0;
    forEachFirstOccurrence(lists, b, k, items.numItems, seen, touched, expose);
    if (mass === 0) {
      out[b] = worst;
      continue;
    }
    for (let g = 0; g < n; g++) p[g]! /= mass;
    let ref: Float64Array | undefined = uniform;
    if (reference === 'history') {
      q.fill(0);
      let historyMass = 0;
      for (let h = history!.offsets[b]!; h < history!.offsets[b + 1]!; h++) {
        const id = history!.values[h]!;
        if (id >= 0 && id < items.numItems && addAttributeMass(items, attribute, id, 1, q)) historyMass += 1;
      }
      if (historyMass > 0) {
        for (let g = 0; g < n; g++) q[g]! /= historyMass;
        ref = q;
      }
    }
    // some item has the attribute (mass > 0), so the catalog distribution exists
    ref ??= state.catalog.of(items)!;
    out[b] =
      distance === 'tv'
        ? totalVariation(p, ref, n)
        : distance === 'max-min'
          ? maxMinGap(p, ref, n)
          : calibrationKl(p, ref, n, alpha);
  }
  return out;
}
