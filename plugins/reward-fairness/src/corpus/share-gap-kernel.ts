import type { RewardInputs } from '@bladerec/core';
import { type Attribute, addAttributeMass, attributeCount } from '../common/attribute.js';
import { CatalogDistribution } from '../common/catalog-distribution.js';
import { exposureWeights, type Weighting } from '../common/exposure-weights.js';
import { FirstOccurrenceScratch, forEachFirstOccurrence } from '../common/first-occurrences.js';

/** What the corpus share kernel needs to know. */
export interface ShareSpec {
  readonly k: number;
  readonly attribute: Attribute;
  readonly weighting: Weighting;
  readonly reference: 'history' | 'catalog' | 'uniform';
  /** Pool only the lists of users with a relevant (grade > 0) catalog item (SPRec's gp). */
  readonly onlyUsersWithRelevant?: boolean;
}

/** Per-instance state: slot weights, the catalog cache and scratch buffers. */
export class ShareState {
  readonly weights: Float64Array;
  readonly catalog: CatalogDistribution;
  readonly scratch: FirstOccurrenceScratch;

  constructor(readonly spec: ShareSpec) {
    this.weights = exposureWeights(spec.k, spec.weighting);
    this.catalog = new CatalogDistribution(spec.attribute);
    this.scratch = new FirstOccurrenceScratch(spec.k);
  }
}

/** The pooled share of every attribute value in the lists and in the reference. */
export interface Shares {
  /** Attribute values `0 … n−1`. */
  readonly n: number;
  /** Share of the (weighted) exposure of all lists' top k. */
  readonly shown: Float64Array;
  /** Reference share. */
  readonly reference: Float64Array;
}

/**
 * Pools the attribute exposure of the first k slots of every list (each item once per list, at its
 * first slot; unknown items and items without the attribute expose nothing) and normalises it; the
 * reference is the pooled history of every list (falling back to the catalog when it has no
 * attribute mass), the catalog, or uniform.
 * @returns `undefined` when the lists expose no attribute mass at all.
 */
export function corpusShares(inputs: RewardInputs, state: ShareState): Shares | undefined {
  const { k, attribute, reference } = state.spec;
  const { lists, items, history } = inputs;
  if (reference === 'history' && !history)
    throw new TypeError("fairness: reference 'history' needs the users' histories");
  const n = attributeCount(items, attribute);
  const { weights } = state;
  const { seen, touched } = state.scratch.buffers(items.numItems);
  const shown = new Float64Array(n);
  let mass = 0;
  const expose = (id: number, slot: number) => {
    if (addAttributeMass(items, attribute, id, weights[slot]!, shown)) mass += weights[slot]!;
  };
  const counted = state.spec.onlyUsersWithRelevant ? usersWithRelevant(inputs) : undefined;
  for (let b = 0; b < lists.size; b++)
    if (!counted || counted[b]) forEachFirstOccurrence(lists, b, k, items.numItems, seen, touched, expose);
  if (mass === 0) return undefined;
  for (let g = 0; g < n; g++) shown[g]! /= mass;

  if (reference === 'uniform') return { n, shown, reference: new Float64Array(n).fill(1 / n) };
  if (reference === 'history') {
    const pooled = new Float64Array(n);
    let historyMass = 0;
    const { offsets, values } = history!;
    for (let h = offsets[0]!; h < offsets[offsets.length - 1]!; h++) {
      const id = values[h]!;
      if (id >= 0 && id < items.numItems && addAttributeMass(items, attribute, id, 1, pooled)) historyMass += 1;
    }
    if (historyMass > 0) {
      for (let g = 0; g < n; g++) pooled[g]! /= historyMass;
      return { n, shown, reference: pooled };
    }
  }
  // Some item has the attribute (mass > 0), so the catalog distribution exists.
  return { n, shown, reference: state.catalog.of(items)! };
}

/** `1` for every list whose user has a relevant (grade > 0) catalog item. */
function usersWithRelevant(inputs: RewardInputs): Uint8Array {
  const { relevance, items, lists } = inputs;
  if (!relevance) throw new TypeError("fairness: recommended 'users-with-relevant' needs relevance judgments");
  const out = new Uint8Array(lists.size);
  for (let b = 0; b < lists.size; b++) {
    for (let j = relevance.offsets[b]!; j < relevance.offsets[b + 1]!; j++) {
      const id = relevance.values[j]!;
      if (relevance.grades[j]! > 0 && id >= 0 && id < items.numItems) out[b] = 1;
    }
  }
  return out;
}
