import { csrFromArrays, type ItemSide, ListRewardRegistry, rewardInputsFromArrays, UNKNOWN_ITEM } from '@bladerec/core';
import {
  assertSameScores,
  close,
  referenceExample,
  RewardTester,
  scenarioArbitrary,
  toInputs,
  withScenario,
} from '@bladerec/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ild, ildBatch, ildReference, type IldOptions, unitEmbeddings } from '../src/internal.js';

const SQRT2 = Math.SQRT2;
const tester = new RewardTester({ numRuns: 120 });
const reference = (ex: { list: readonly number[]; items: ItemSide }, options: IldOptions) =>
  ildReference(ex.list, ex.items, options);

// 2-d embeddings: e0 = (1,0), e1 = (0,1), e2 = (1,1), e3 = 0 (zero vector), e4 = (−1,0), e5 = (3,4), e6 = (2,0)
const embeddings: ItemSide = {
  numItems: 7,
  embeddings: { dim: 2, data: Float32Array.from([1, 0, 0, 1, 1, 1, 0, 0, -1, 0, 3, 4, 2, 0]) },
};
// categories: C0 = {0,1}, C1 = {1,2}, C2 = {}, C3 = {}, C4 = {0,1}, C5 = {3}
const categories: ItemSide = {
  numItems: 6,
  categories: { ...csrFromArrays([[0, 1], [1, 2], [], [], [0, 1], [3]]), count: 4 },
};
// the same sets with ids ≥ 32, so the kernel cannot use bit masks: C0 = {40,1}, C1 = {1,70}, C5 = {99}
const wideCategories: ItemSide = {
  numItems: 6,
  categories: { ...csrFromArrays([[40, 1], [70, 1], [], [], [1, 40], [99]]), count: 100 },
};

tester.run(ild, {
  options: [{}, { distance: 'jaccard' }],
  limits: { maxLength: 14 },
  reference,
  cases: [
    // orthogonal: cos = 0 → d = 1; opposite: cos = −1 → d = 2; 45°: d = 1 − 1/√2
    {
      name: 'cosine: one pair',
      lists: [
        [0, 1],
        [0, 4],
        [0, 2],
      ],
      items: embeddings,
      expected: [1, 2, 1 - 1 / SQRT2],
    },
    // pairs (0,1) 1, (0,2) 1 − 1/√2, (1,2) 1 − 1/√2 → (3 − √2) / 3
    { name: 'cosine: three items', lists: [[0, 1, 2]], items: embeddings, expected: [(3 - SQRT2) / 3] },
    // cos(e0, e5) = 3/5 → d = 0.4; a zero vector has similarity 0 with anything → d = 1
    {
      name: 'cosine: scaled vector and zero vector',
      lists: [
        [0, 5],
        [0, 3],
        [3, 3, 2],
      ],
      items: embeddings,
      expected: [0.4, 1, 1],
    },
    // all-zero cases: same direction (e0, e6 = 2·e0) → 0; one item, one item repeated, empty list → 0 (n < 2)
    { name: 'cosine: all zero', lists: [[0, 6], [5], [5, 5, 5], []], items: embeddings, expected: [0, 0, 0, 0] },
    // k = 3: window [U, 0, 0] holds one distinct known item → 0 (item 1 at slot 4 never enters);
    // window [0, U, 1] → {0, 1} → 1; window [1, 1, 4] → {1, 4} → cos = 0 → 1
    {
      name: 'cosine: unknowns and repeats use up slots',
      options: { k: 3 },
      lists: [
        [UNKNOWN_ITEM, 0, 0, 1],
        [0, UNKNOWN_ITEM, 1, 4],
        [1, 1, 4, 0],
      ],
      items: embeddings,
      expected: [0, 1, 1],
    },
    // k = 1 always scores a single item → 0
    { name: 'cosine: k = 1', options: { k: 1 }, lists: [[0, 4]], items: embeddings, expected: [0] },
    // C0 ∩ C1 = {1}, C0 ∪ C1 = {0,1,2} → d = 1 − 1/3; pairs (0,1) 2/3, (0,5) 1, (1,5) 1 → 8/3 / 3 = 8/9
    {
      name: 'jaccard: overlapping sets',
      options: { distance: 'jaccard' },
      lists: [
        [0, 1],
        [0, 1, 5],
      ],
      items: categories,
      expected: [2 / 3, 8 / 9],
    },
    // two empty sets have similarity 0 → d = 1; one empty set → d = 1
    {
      name: 'jaccard: empty category sets',
      options: { distance: 'jaccard' },
      lists: [
        [2, 3],
        [0, 2],
      ],
      items: categories,
      expected: [1, 1],
    },
    // all-zero cases: identical sets → 0; single item → 0; repeats only → 0; empty → 0
    {
      name: 'jaccard: all zero',
      options: { distance: 'jaccard' },
      lists: [[0, 4], [1], [1, 1], []],
      items: categories,
      expected: [0, 0, 0, 0],
    },
    // the same values with category ids ≥ 32 (sorted-merge path)
    {
      name: 'jaccard: category ids beyond 31',
      options: { distance: 'jaccard' },
      lists: [
        [0, 1],
        [0, 1, 5],
        [2, 3],
        [0, 4],
      ],
      items: wideCategories,
      expected: [2 / 3, 8 / 9, 1, 0],
    },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { k: 1.5 }, path: 'options.k', rule: 'type' },
    { options: { distance: 'euclidean' }, path: 'options.distance', rule: 'enum' },
    { options: { metric: 'cosine' }, rule: 'additionalProperties' },
  ],
});

tester.run(ild, { options: [{ k: 3 }, { k: 3, distance: 'jaccard' }], reference });

describe('ild beyond the kit', () => {
  const params = { numRuns: 150 };
  const longLists = scenarioArbitrary({ maxLength: 45, maxItems: 40 });
  const options: IldOptions[] = [
    { k: 3, distance: 'cosine' },
    { k: 3, distance: 'jaccard' },
    { k: 40, distance: 'cosine' },
    { k: 40, distance: 'jaccard' },
  ];

  for (const o of options) {
    const requires = o.distance === 'jaccard' ? (['categories'] as const) : (['embeddings'] as const);

    it(`agrees with the reference on lists longer than k (${JSON.stringify(o)})`, () => {
      fc.assert(
        fc.property(longLists, (scenario) => {
          const fast = ildBatch(toInputs(scenario, requires), o);
          scenario.lists.forEach((list, b) => {
            const expected = ildReference(list, referenceExample(scenario, b, requires).items, o);
            if (!close(fast[b]!, expected, 1e-9))
              throw new Error(`list [${list.join(', ')}]: fast ${fast[b]} vs reference ${expected}`);
          });
        }),
        params,
      );
    });

    it(`ignores the order inside the first k slots (${JSON.stringify(o)})`, () => {
      fc.assert(
        fc.property(longLists, fc.nat(), (scenario, seed) => {
          const rotate = (l: readonly number[]) => {
            const head = l.slice(0, o.k);
            const r = head.length === 0 ? 0 : seed % head.length;
            return [...head.slice(r), ...head.slice(0, r).reverse(), ...l.slice(o.k)];
          };
          const base = ildBatch(toInputs(scenario, requires), o);
          const permuted = ildBatch(
            toInputs(withScenario(scenario, { lists: scenario.lists.map(rotate) }), requires),
            o,
          );
          assertSameScores(base, permuted, 1e-9, 'window permuted');
        }),
        params,
      );
    });
  }

  it('scores category ids beyond 31 (sorted-merge path) exactly as the bit-mask path', () => {
    fc.assert(
      fc.property(longLists, (scenario) => {
        const wide = withScenario(scenario, {
          categories: {
            count: 37 * scenario.categories.count + 5,
            ofItem: scenario.categories.ofItem.map((cs) => cs.map((c) => 37 * c + 5)),
          },
        });
        const o: IldOptions = { k: 10, distance: 'jaccard' };
        assertSameScores(
          ildBatch(toInputs(scenario, ['categories']), o),
          ildBatch(toInputs(wide, ['categories']), o),
          0,
          'wide category ids',
        );
      }),
      params,
    );
  });

  it('matches the pairwise definition at benchmark shape (64-d embeddings, 10 items)', () => {
    const random = mulberry32(7);
    const numItems = 300;
    const dim = 64;
    const data = Float32Array.from({ length: numItems * dim }, () => random() * 2 - 1);
    data.fill(0, 5 * dim, 6 * dim); // item 5 is a zero vector
    const lists = Array.from({ length: 2000 }, () =>
      Array.from({ length: 10 }, () => (random() < 0.05 ? UNKNOWN_ITEM : Math.floor(random() * numItems))),
    );
    lists[0] = [5, 5, 1, 2, 3, 4, 6, 7, 8, 9];
    const items: ItemSide = { numItems, embeddings: { dim, data } };
    const o: IldOptions = { k: 10, distance: 'cosine' };
    const fast = ildBatch(rewardInputsFromArrays({ lists, items }), o);
    const slow = lists.map((list) => ildReference(list, items, o));
    assertSameScores(fast, slow, 1e-12, 'Gram identity vs pairwise');
    // random 64-d directions are nearly orthogonal, so ILD is close to 1
    for (const x of fast) expect(Math.abs(x - 1)).toBeLessThan(0.2);
  });

  it('normalises an embedding matrix once and reuses it', () => {
    const data = Float32Array.from([3, 4, 0, 0]);
    const first = unitEmbeddings({ dim: 2, data });
    expect(unitEmbeddings({ dim: 2, data })).toBe(first);
    expect(Array.from(first.unit)).toEqual([0.6, 0.8, 0, 0]);
    expect(Array.from(first.squaredNorm)).toEqual([0.6 * 0.6 + 0.8 * 0.8, 0]);
    // the same buffer read with another dim is a different matrix
    const other = unitEmbeddings({ dim: 4, data });
    expect(other).not.toBe(first);
    expect(Array.from(other.unit)).toEqual([0.6, 0.8, 0, 0]);
    expect(other.squaredNorm.length).toBe(1);
  });

  it('fails loudly without the side information it needs, or with too few rows', () => {
    const lists = [[0, 1]];
    expect(() =>
      ildBatch(rewardInputsFromArrays({ lists, items: { numItems: 2 } }), { k: 10, distance: 'cosine' }),
    ).toThrow(/embeddings/);
    expect(() =>
      ildBatch(rewardInputsFromArrays({ lists, items: { numItems: 2 } }), { k: 10, distance: 'jaccard' }),
    ).toThrow(/categories/);
    const short = { numItems: 2, embeddings: { dim: 2, data: new Float32Array(2) } };
    expect(() => ildBatch(rewardInputsFromArrays({ lists, items: short }), { k: 10, distance: 'cosine' })).toThrow(
      /1 rows for 2 items/,
    );
    expect(() => unitEmbeddings({ dim: 3, data: new Float32Array(4) })).toThrow(RangeError);
  });

  it('resolves ild@K and states requirements and range per distance', () => {
    const registry = new ListRewardRegistry([ild]);
    const cosine = registry.create('ild@5');
    expect(cosine.meta).toMatchObject({
      name: 'ild@5',
      cutoff: 5,
      range: [0, 2],
      requires: ['embeddings'],
      unknownItems: 'skipped',
      higherIsBetter: true,
    });
    const jaccard = registry.create('ild', { distance: 'jaccard' });
    expect(jaccard.meta).toMatchObject({ name: 'ild@10', cutoff: 10, range: [0, 1], requires: ['categories'] });
  });
});

/** Small seeded PRNG (Mulberry32) for reproducible test data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
