import { CorpusMetricRegistry, UNKNOWN_ITEM } from '@bladerec/core';
import { RewardTester } from '@bladerec/testkit';
import { describe, expect, it } from 'vitest';
import { orRatio, orRatioReference } from '../src/internal.js';

const U = UNKNOWN_ITEM;

new RewardTester({ numRuns: 120 }).runCorpus(orRatio, {
  options: [{}, { k: 3 }, { k: 1 }],
  reference: (corpus, options) => orRatioReference(corpus.lists, corpus.items, options),
  cases: [
    // counts 0:3, 1:3, 2:2, 3:1, 4:1, 5:1, 6:1 → top 3 = 3 + 3 + 2 = 8 over K·#users = 4·3 = 12
    {
      name: 'top three of many',
      options: { k: 4 },
      lists: [
        [0, 1, 2, 3],
        [0, 1, 2, 4],
        [0, 1, 5, 6],
      ],
      items: { numItems: 7 },
      expected: 8 / 12,
    },
    // top-2 sets {0,1}, {1,3}, {0}: counts 0:2, 1:2, 3:1 → 5 over 2·3 = 6
    {
      name: 'unknown takes a slot, counts nothing',
      options: { k: 2 },
      lists: [
        [0, 1, 2],
        [1, 3],
        [U, 0],
      ],
      items: { numItems: 5 },
      expected: 5 / 6,
    },
    // the same three items for everyone → 6 / 6 = 1
    {
      name: 'full concentration',
      options: { k: 3 },
      lists: [
        [0, 1, 2],
        [2, 1, 0],
      ],
      items: { numItems: 5 },
      expected: 1,
    },
    // fewer than 3 distinct items: counts 0:1, 1:1 → 2 / (10·2) = 0.1 (short lists keep K·#users)
    {
      name: 'fewer than three items, short lists',
      options: { k: 10 },
      lists: [[0], [1]],
      items: { numItems: 4 },
      expected: 2 / 20,
    },
    // a repeat counts once per list: count 4:1 → 1 / 3
    {
      name: 'repeats count once per list',
      options: { k: 3 },
      lists: [[4, 4, 4]],
      items: { numItems: 5 },
      expected: 1 / 3,
    },
    // all-zero cases: only unknown items and empty lists → 0; no users → 0
    { name: 'nothing recommended', options: { k: 10 }, lists: [[U, U], []], items: { numItems: 4 }, expected: 0 },
    { name: 'no users', options: { k: 10 }, lists: [], items: { numItems: 4 }, expected: 0 },
  ],
  invalidOptions: [
    { options: { k: -1 }, path: 'options.k', rule: 'minimum' },
    { options: { top: 5 }, rule: 'additionalProperties' },
  ],
});

describe('or-ratio@K', () => {
  it('resolves the alias and is lower-is-better', () => {
    const metric = new CorpusMetricRegistry([orRatio]).create('or-ratio@10');
    expect(metric.meta).toMatchObject({ name: 'or-ratio@10', cutoff: 10, range: [0, 1], higherIsBetter: false });
  });
});
