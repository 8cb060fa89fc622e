import { CorpusMetricRegistry, UNKNOWN_ITEM } from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import { describe, expect, it } from 'vitest';
import { entropy, entropyReference } from '../src/internal.js';

const U = UNKNOWN_ITEM;

new RewardTester({ numRuns: 120 }).runCorpus(entropy, {
  options: [{}, { k: 2 }, { normalization: 'none' as const }],
  reference: (corpus, options) => entropyReference(corpus.lists, corpus.items, options),
  cases: [
    // counts 0: 2, 1: 1, 2: 1 → p = (½, ¼, ¼), H = ½ ln 2 + ½ ln 4 = 1.5 ln 2; RecBole divides by 3 distinct items
    {
      name: 'RecBole: H over the distinct items',
      options: { k: 2 },
      lists: [
        [0, 1],
        [0, 2],
      ],
      items: { numItems: 4 },
      expected: (1.5 * Math.LN2) / 3,
    },
    {
      name: "normalization 'none': plain entropy in nats",
      options: { k: 2, normalization: 'none' },
      lists: [
        [0, 1],
        [0, 2],
      ],
      items: { numItems: 4 },
      expected: 1.5 * Math.LN2,
    },
    // a repeat counts once per list, unknown items never: counts 0: 1, 1: 1 → ln 2 / 2
    {
      name: 'repeats once, unknown items never',
      lists: [[0, 0, U, 1]],
      items: { numItems: 2 },
      expected: Math.LN2 / 2,
    },
    // all-zero: one item only → 0; nothing recommended → 0
    { name: 'a single item → 0', lists: [[1], [1]], items: { numItems: 2 }, expected: 0 },
    { name: 'nothing recommended → 0', lists: [[U], []], items: { numItems: 2 }, expected: 0 },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { normalization: 'bits' }, path: 'options.normalization', rule: 'enum' },
  ],
});

describe('entropy@K', () => {
  it('resolves the alias; the RecBole normalisation is bounded by 1/e', () => {
    const metric = new CorpusMetricRegistry([entropy]).create('entropy@20');
    expect(metric.meta).toMatchObject({
      name: 'entropy@20',
      cutoff: 20,
      range: [0, 1 / Math.E],
      higherIsBetter: true,
      requires: [],
    });
  });
});
