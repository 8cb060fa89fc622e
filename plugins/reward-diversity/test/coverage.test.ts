import { CorpusMetricRegistry, UNKNOWN_ITEM } from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import { describe, expect, it } from 'vitest';
import { coverage, coverageReference } from '../src/internal.js';

const U = UNKNOWN_ITEM;

new RewardTester({ numRuns: 120 }).runCorpus(coverage, {
  options: [{}, { k: 3 }, { k: 1 }],
  reference: (corpus, options) => coverageReference(corpus.lists, corpus.items, options),
  cases: [
    // top-2 sets {0,1}, {1,3}, {0} (the unknown takes a slot) → union {0,1,3} → 3/5
    {
      name: 'union over users',
      options: { k: 2 },
      lists: [
        [0, 1, 2],
        [1, 3],
        [U, 0],
      ],
      items: { numItems: 5 },
      expected: 3 / 5,
    },
    // only slot 1 counts: {0}, {1} → 2/4
    {
      name: 'k = 1',
      options: { k: 1 },
      lists: [
        [0, 1],
        [1, 0],
      ],
      items: { numItems: 4 },
      expected: 2 / 4,
    },
    // a repeated item counts once: {4} → 1/5
    { name: 'repeats count once', options: { k: 3 }, lists: [[4, 4, 4]], items: { numItems: 5 }, expected: 1 / 5 },
    // every item shown → 1
    { name: 'full coverage', options: { k: 10 }, lists: [[0, 1], [2]], items: { numItems: 3 }, expected: 1 },
    // all-zero cases: only unknown items and empty lists → 0; no users at all → 0
    { name: 'nothing recommended', options: { k: 10 }, lists: [[U, U], []], items: { numItems: 4 }, expected: 0 },
    { name: 'no users', options: { k: 10 }, lists: [], items: { numItems: 4 }, expected: 0 },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { k: 2.5 }, path: 'options.k', rule: 'type' },
    { options: { cutoff: 3 }, rule: 'additionalProperties' },
  ],
});

describe('coverage@K', () => {
  it('resolves the alias and names the instance', () => {
    const metric = new CorpusMetricRegistry([coverage]).create('coverage@20');
    expect(metric.meta).toMatchObject({
      name: 'coverage@20',
      cutoff: 20,
      range: [0, 1],
      higherIsBetter: true,
      requires: [],
    });
  });
});
