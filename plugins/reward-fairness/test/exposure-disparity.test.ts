import { CorpusMetricRegistry } from '@bladerec/core';
import { RewardTester, scenarioArbitrary, toInputs } from '@bladerec/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dgu, exposureDisparity, exposureDisparityReference, mgu } from '../src/internal.js';
import { CATALOG, v } from './fixtures.js';

new RewardTester({ numRuns: 100 }).runCorpus(exposureDisparity, {
  options: [
    {},
    { reduce: 'max-min', reference: 'uniform', k: 3 },
    { attribute: 'category', reference: 'history', weighting: 'uniform' },
    { attribute: 'category', reference: 'catalog', reduce: 'max-min', k: 1 },
  ],
  reference: (corpus, o) => exposureDisparityReference(corpus, o),
  cases: [
    // E_1 = v(1) = 1 (g1), E_0 = v(2) (g0): Exp = (v2, 1)/(1 + v2); catalog groups s = (⅓, ⅔);
    // mean-abs = (|Exp0 − ⅓| + |Exp1 − ⅔|)/2 = |v2/(1 + v2) − ⅓| (the two gaps are equal and opposite)
    {
      name: 'default: groups, catalog shares, mean-abs',
      lists: [[1, 0]],
      items: CATALOG,
      expected: Math.abs(v(2) / (1 + v(2)) - 1 / 3),
    },
    // E_0 = 1 + v2, E_1 = v2, E_3 = 1 (no group: not attributed); Exp = (1 + v2, v2)/(1 + 2v2);
    // uniform s = (½, ½); max-min = (Exp0 − ½) − (Exp1 − ½) = 1/(1 + 2v2)
    {
      name: 'max-min against uniform shares',
      options: { reduce: 'max-min', reference: 'uniform' },
      lists: [
        [0, 1],
        [3, 0],
      ],
      items: CATALOG,
      expected: 1 / (1 + 2 * v(2)),
    },
    // uniform weights, pooled history: Exp = (⅓, ⅔), s = (½, ½) → mean-abs ⅙ (= MGU over groups)
    {
      name: 'history shares, uniform weights',
      options: { reference: 'history', weighting: 'uniform' },
      lists: [[0, 1, 3], [2]],
      history: [[0, 1], []],
      items: CATALOG,
      expected: 1 / 6,
    },
    // categories: item 2 spreads (½, ½), empty history falls back to the catalog (½, ½) → 0
    {
      name: 'categories, empty history falls back to the catalog',
      options: { attribute: 'category', reference: 'history' },
      lists: [[2]],
      history: [[]],
      items: CATALOG,
      expected: 0,
    },
    // all-zero: no attributed exposure → range maximum (1 for mean-abs, 2 for max-min)
    { name: 'no attributed exposure → 1', lists: [[3], [], [-2]], items: CATALOG, expected: 1 },
    {
      name: 'no attributed exposure (max-min) → 2',
      options: { reduce: 'max-min' },
      lists: [[3, -2]],
      items: CATALOG,
      expected: 2,
    },
    // k = 1: only the first slots: items 1 and 2, both g1 → Exp = (0, 1); catalog (⅓, ⅔) → mean-abs ⅓
    {
      name: 'cutoff',
      options: { k: 1 },
      lists: [
        [1, 0],
        [2, 0],
      ],
      items: CATALOG,
      expected: 1 / 3,
    },
  ],
  invalidOptions: [
    { options: { reduce: 'sum' }, path: 'options.reduce' },
    { options: { reference: 'population' }, path: 'options.reference' },
    { options: { k: 0 }, path: 'options.k', rule: 'minimum' },
  ],
});

describe('exposure-disparity', () => {
  const registry = new CorpusMetricRegistry([exposureDisparity, mgu, dgu]);

  it('requires history only for the history reference; range from the reduction', () => {
    expect(registry.create('exposure-disparity').meta).toMatchObject({
      requires: ['groups'],
      range: [0, 1],
      name: 'exposure-disparity@10',
    });
    expect(
      registry.create('exposure-disparity@5', { reference: 'history', attribute: 'category', reduce: 'max-min' }).meta,
    ).toMatchObject({ requires: ['categories', 'history'], range: [0, 2], cutoff: 5 });
  });

  it("is SPRec's MGU / DGU with uniform weights and the history reference", () => {
    for (const attribute of ['category', 'group'] as const) {
      const asMgu = registry.create('exposure-disparity', {
        attribute,
        reference: 'history',
        weighting: 'uniform',
        reduce: 'mean-abs',
      });
      const asDgu = registry.create('exposure-disparity', {
        attribute,
        reference: 'history',
        weighting: 'uniform',
        reduce: 'max-min',
      });
      const m = registry.create('mgu', { attribute });
      const d = registry.create('dgu', { attribute });
      fc.assert(
        fc.property(scenarioArbitrary(), (scenario) => {
          const inputs = toInputs(scenario, m.meta.requires);
          expect(asMgu.compute(inputs)).toBeCloseTo(m.compute(inputs), 12);
          expect(asDgu.compute(inputs)).toBeCloseTo(d.compute(inputs), 12);
        }),
        { numRuns: 100 },
      );
    }
  });
});
