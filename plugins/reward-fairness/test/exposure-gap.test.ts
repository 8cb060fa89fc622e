import { ListRewardRegistry, rewardInputsFromArrays } from '@bladerec/core';
import { RewardTester, scenarioArbitrary, toInputs } from '@bladerec/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exposureGap, exposureGapReference } from '../src/internal.js';
import { CATALOG, THREE, v } from './fixtures.js';

const ln = Math.log;

new RewardTester({ numRuns: 100 }).run(exposureGap, {
  options: [
    {},
    { distance: 'max-min', reference: 'catalog', k: 3 },
    { distance: 'kl', alpha: 0.1, attribute: 'group' },
    { distance: 'kl', reference: 'uniform', k: 5 },
    { k: 1, attribute: 'group', distance: 'max-min', reference: 'history' },
    // uniform weighting declares order-invariant (within the top k; the kit shuffles that window)
    { weighting: 'uniform', reference: 'uniform', k: 4 },
    { weighting: 'uniform', attribute: 'group', distance: 'kl' },
  ],
  reference: (ex, options) => exposureGapReference(ex.list, ex.history, ex.items, options),
  cases: [
    // uniform weights: p = (½, ½); history [0, 0] → q = (1, 0); tv = ½(½ + ½) = ½
    {
      name: 'tv against the history',
      options: { weighting: 'uniform' },
      lists: [[0, 1]],
      history: [[0, 0]],
      items: CATALOG,
      expected: [0.5],
    },
    // position weights 1 and v(2): p = (1, v2)/(1 + v2); history [1] → q = (0, 1); tv = ½(p0 + |p1 − 1|) = p0
    { name: 'position-weighted tv', lists: [[0, 1]], history: [[1]], items: CATALOG, expected: [1 / (1 + v(2))] },
    // item 2 spreads ½ + ½: p = (½, ½); q = (1, 0); tv = ½; max-min: d = (−½, ½) → 1;
    // kl = 1·ln(1 / (0.99·½ + 0.01·1)) = −ln 0.505
    { name: 'multi-category item, tv', lists: [[2]], history: [[0]], items: CATALOG, expected: [0.5] },
    {
      name: 'multi-category item, max-min',
      options: { distance: 'max-min' },
      lists: [[2]],
      history: [[0]],
      items: CATALOG,
      expected: [1],
    },
    {
      name: 'multi-category item, kl',
      options: { distance: 'kl' },
      lists: [[2]],
      history: [[0]],
      items: CATALOG,
      expected: [-ln(0.505)],
    },
    // kl with α = 0.1: p = (1, 0), q = (½, ½), p̃ = 0.9p + 0.1q = (0.95, 0.05);
    // kl = ½ ln(0.5/0.95) + ½ ln(0.5/0.05)
    {
      name: 'kl with alpha 0.1',
      options: { distance: 'kl', alpha: 0.1 },
      lists: [[0]],
      history: [[0, 1]],
      items: CATALOG,
      expected: [0.5 * ln(0.5 / 0.95) + 0.5 * ln(10)],
    },
    // p = q → 0 for every distance; disjoint p and q → kl = ln(1/α) = ln 100
    {
      name: 'kl: equal is 0, disjoint is ln(1/α)',
      options: { distance: 'kl', weighting: 'uniform' },
      lists: [[0, 1], [1]],
      history: [[0, 1], [0]],
      items: CATALOG,
      expected: [0, ln(100)],
    },
    // all-zero exposure: empty list, only unknown items, an item without categories, an id outside
    // the catalog (9 ≥ numItems, treated as unknown) → range maximum
    {
      name: 'no exposure mass (tv) → 1',
      lists: [[], [-2, -2], [3], [9]],
      history: [[0], [0], [0], [0]],
      items: CATALOG,
      expected: [1, 1, 1, 1],
    },
    {
      name: 'no exposure mass (max-min) → 2',
      options: { distance: 'max-min' },
      lists: [[], [-2, 3]],
      history: [[0], [1]],
      items: CATALOG,
      expected: [2, 2],
    },
    {
      name: 'no exposure mass (kl) → ln(1/α)',
      options: { distance: 'kl', alpha: 0.05 },
      lists: [[]],
      history: [[0]],
      items: CATALOG,
      expected: [ln(20)],
    },
    // empty history, or a history without categories → catalog (½, ½); p = (1, 0) → tv = ½
    {
      name: 'empty or featureless history falls back to the catalog',
      lists: [[0], [0]],
      history: [[], [3, 3]],
      items: CATALOG,
      expected: [0.5, 0.5],
    },
    // slot 1 unknown (weight 1, exposes nothing), item 0 at slot 2 (v2), its repeat at slot 3 ignored,
    // item 1 at slot 4 (v4): p0 = v2/(v2 + v4); uniform q = (½, ½) → tv = |p0 − ½|
    {
      name: 'unknown keeps its slot, repeat ignored',
      options: { reference: 'uniform' },
      lists: [[-2, 0, 0, 1]],
      items: CATALOG,
      expected: [Math.abs(v(2) / (v(2) + v(4)) - 0.5)],
    },
    // k = 2: [0, 0 | 1] → only item 0 counts: p = (1, 0) vs uniform → ½
    {
      name: 'items beyond k ignored',
      options: { k: 2, reference: 'uniform' },
      lists: [[0, 0, 1]],
      items: CATALOG,
      expected: [0.5],
    },
    // groups: items 1, 2 in g1, item 3 none → p = (0, 1); catalog groups (⅓, ⅔): tv = ⅓, max-min = ⅔ − (−⅓)... d = (−⅓,
    // ⅓) → ⅔
    {
      name: 'groups against the catalog (tv)',
      options: { attribute: 'group', reference: 'catalog', weighting: 'uniform' },
      lists: [[1, 2, 3]],
      items: CATALOG,
      expected: [1 / 3],
    },
    {
      name: 'groups against the catalog (max-min)',
      options: { attribute: 'group', reference: 'catalog', distance: 'max-min', weighting: 'uniform' },
      lists: [[1, 2, 3]],
      items: CATALOG,
      expected: [2 / 3],
    },
    // 3 categories, uniform reference: p = (½, ½, 0), q = ⅓ each: d = (⅙, ⅙, −⅓): tv = ⅓, max-min = ½
    {
      name: 'three categories, uniform reference (tv)',
      options: { reference: 'uniform', weighting: 'uniform' },
      lists: [[0, 1]],
      items: THREE,
      expected: [1 / 3],
    },
    {
      name: 'three categories, uniform reference (max-min)',
      options: { reference: 'uniform', weighting: 'uniform', distance: 'max-min' },
      lists: [[0, 1]],
      items: THREE,
      expected: [0.5],
    },
  ],
  invalidOptions: [
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
    { options: { distance: 'l2' }, path: 'options.distance' },
    { options: { attribute: 'genre' }, path: 'options.attribute' },
    { options: { reference: 'population' }, path: 'options.reference' },
    { options: { weighting: 'log' }, path: 'options.weighting' },
    { options: { alpha: 0 }, path: 'options.alpha', rule: 'exclusiveMinimum' },
    { options: { alpha: 1 }, path: 'options.alpha', rule: 'exclusiveMaximum' },
    { options: { cutoff: 3 }, rule: 'additionalProperties' },
  ],
});

const registry = new ListRewardRegistry([exposureGap]);
const create = (name: string, options: Record<string, unknown> = {}) => registry.create(name, options);

describe('exposure-gap options shape the instance', () => {
  it('requires the attribute input, plus history only for the history reference', () => {
    expect(create('exposure-gap').meta.requires).toEqual(['categories', 'history']);
    expect(create('exposure-gap', { attribute: 'group', reference: 'catalog' }).meta.requires).toEqual(['groups']);
    expect(create('exposure-gap', { reference: 'uniform' }).meta.requires).toEqual(['categories']);
  });

  it('declares order-invariant only with uniform weighting', () => {
    expect(create('exposure-gap').meta.properties).not.toContain('order-invariant');
    expect(create('exposure-gap', { weighting: 'uniform' }).meta.properties).toContain('order-invariant');
    expect(create('exposure-gap').meta.properties).toEqual(
      expect.arrayContaining([
        'cutoff-invariant',
        'duplicates-ignored',
        'group-relabel-invariant',
        'category-relabel-invariant',
      ]),
    );
  });

  it('takes its range from the distance', () => {
    expect(create('exposure-gap').meta.range).toEqual([0, 1]);
    expect(create('exposure-gap', { distance: 'max-min' }).meta.range).toEqual([0, 2]);
    expect(create('exposure-gap', { distance: 'kl', alpha: 0.01 }).meta.range).toEqual([0, ln(100)]);
  });

  it('resolves the @K alias and names the instance after it', () => {
    const reward = create('exposure-gap@5');
    expect(reward.meta.name).toBe('exposure-gap@5');
    expect(reward.meta.cutoff).toBe(5);
    expect(reward.meta.higherIsBetter).toBe(false);
  });

  it('fails loudly when a required input is missing', () => {
    const inputs = rewardInputsFromArrays({ lists: [[0]], items: { numItems: 4, groups: CATALOG.groups } });
    expect(() => create('exposure-gap').score(inputs)).toThrow(/categories/);
    const noHistory = rewardInputsFromArrays({ lists: [[0]], items: CATALOG });
    expect(() => create('exposure-gap').score(noHistory)).toThrow(/histor/);
  });
});

describe('exposure-gap properties beyond the conformance kit', () => {
  const options = [
    { distance: 'tv' },
    { distance: 'max-min', attribute: 'group' },
    { distance: 'kl', reference: 'catalog' },
  ] as const;

  it('never scores a list better than a list that exposes nothing', () => {
    for (const o of options) {
      const reward = create('exposure-gap', o);
      fc.assert(
        fc.property(scenarioArbitrary(), (scenario) => {
          const withEmpty = {
            ...scenario,
            lists: [...scenario.lists, []],
            history: [...scenario.history, []],
            relevant: [...scenario.relevant, new Map()],
          };
          const scores = reward.score(toInputs(withEmpty, reward.meta.requires));
          const empty = scores[scenario.lists.length]!;
          expect(empty).toBe(reward.meta.range[1]);
          for (let b = 0; b < scenario.lists.length; b++) expect(scores[b]!).toBeLessThanOrEqual(empty);
        }),
        { numRuns: 100 },
      );
    }
  });

  it('with position weighting, depends on the order', () => {
    // [0, 1] vs [1, 0] against history [0]: position weighting favours whatever comes first
    const inputs = rewardInputsFromArrays({
      lists: [
        [0, 1],
        [1, 0],
      ],
      history: [[0], [0]],
      items: CATALOG,
    });
    const [first, second] = create('exposure-gap').score(inputs);
    expect(first).toBeCloseTo(v(2) / (1 + v(2)), 12); // tv = p1 = v2/(1+v2)
    expect(second).toBeCloseTo(1 / (1 + v(2)), 12);
    expect(first).toBeLessThan(second!);
  });

  it('computes the catalog distribution once per item side', () => {
    const reward = create('exposure-gap', { reference: 'catalog' });
    const inputs = rewardInputsFromArrays({ lists: [[0], [2]], items: CATALOG });
    // catalog (½, ½): [0] → p = (1, 0) → ½; [2] → p = (½, ½) → 0
    expect(Array.from(reward.score(inputs))).toEqual([0.5, 0]);
    // a second item side with other categories (item 2 now only in category 1) is not confused with the first
    const other = { ...CATALOG, categories: { ...CATALOG.categories!, values: Int32Array.from([0, 1, 1, 1]) } };
    // catalog: c0 = 1, c1 = 1 + 1 = 2 → (⅓, ⅔); [0] → tv = ⅔; [2] → p = (0, 1) → ⅓
    const scores = reward.score(rewardInputsFromArrays({ lists: [[0], [2]], items: other }));
    expect(scores[0]).toBeCloseTo(2 / 3, 12);
    expect(scores[1]).toBeCloseTo(1 / 3, 12);
    expect(Array.from(reward.score(inputs))).toEqual([0.5, 0]);
  });
});
