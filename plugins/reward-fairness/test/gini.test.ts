import { CorpusMetricRegistry } from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import { describe, expect, it } from 'vitest';
import { gini, giniReference } from '../src/internal.js';
import { v } from './fixtures.js';

const items = { numItems: 4 };

new RewardTester({ numRuns: 100 }).runCorpus(gini, {
  options: [{}, { weighting: 'position' }, { k: 2 }],
  reference: (corpus, o) => giniReference(corpus, o),
  cases: [
    // counts (2, 1, 1, 0) sorted (0, 1, 1, 2); weights 2i − 5 = (−3, −1, 1, 3):
    // Σ = 0 − 1 + 1 + 6 = 6; Gini = 6 / (4 · 4) = 0.375
    {
      name: 'RecBole counts',
      lists: [
        [0, 1],
        [0, 2],
      ],
      items,
      expected: 0.375,
    },
    // every item once: Σ (2i − 5)·1 = −3 − 1 + 1 + 3 = 0 → 0
    {
      name: 'perfectly equal',
      lists: [
        [0, 1],
        [2, 3],
      ],
      items,
      expected: 0,
    },
    // one item only: (0, 0, 0, 2) → 3·2 / (4·2) = ¾ = (|I| − 1)/|I|, the largest real value
    { name: 'one item takes everything', lists: [[0], [0]], items, expected: 0.75 },
    // all-zero: no catalog item recommended (7 ≥ numItems is not a catalog item) → 1
    { name: 'nothing recommended → 1', lists: [[], [-2, -2], [7]], items, expected: 1 },
    // position: E_0 = 1, E_1 = v2; sorted (0, 0, v2, 1): Σ = 1·v2 + 3·1; Gini = (v2 + 3) / (4 (1 + v2))
    {
      name: 'position-weighted exposure',
      options: { weighting: 'position' },
      lists: [[0, 1]],
      items,
      expected: (v(2) + 3) / (4 * (1 + v(2))),
    },
    // k = 2: [0, 0 | 1] → item 0 once → (0, 0, 0, 1) → ¾; unknown slot is not an item → (0, 0, 0, 1) → ¾
    {
      name: 'cutoff, repeats and unknown items',
      options: { k: 2 },
      lists: [
        [0, 0, 1],
        [-2, 0],
      ],
      items,
      expected: 0.75,
    },
  ],
  invalidOptions: [
    { options: { weighting: 'uniform' }, path: 'options.weighting' },
    { options: { k: 1.5 }, path: 'options.k', rule: 'type' },
  ],
});

describe('gini instance', () => {
  it('requires nothing but the lists; range [0, 1]; alias', () => {
    const metric = new CorpusMetricRegistry([gini]).create('gini@5');
    expect(metric.meta).toMatchObject({
      name: 'gini@5',
      requires: [],
      range: [0, 1],
      cutoff: 5,
      higherIsBetter: false,
    });
  });
});
