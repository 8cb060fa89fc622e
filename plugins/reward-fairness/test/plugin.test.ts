import { createBladeContainer, csrFromArrays, Evaluator, rewardInputsFromArrays } from '@bladerec/core';
import { describe, expect, it } from 'vitest';
import plugin, { CatalogDistribution } from '../src/internal.js';
import { CATALOG } from './fixtures.js';

describe('fairness plugin object', () => {
  it('exports a plugin with meta from package.json, two rewards and five corpus metrics', () => {
    expect(plugin.meta).toMatchObject({ name: '@bladerec/reward-fairness', namespace: 'fairness' });
    expect(plugin.meta.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(plugin.rewards)).toEqual(['exposure-gap', 'calibration']);
    expect(Object.keys(plugin.corpusMetrics).sort()).toEqual([
      'dgu',
      'exposure-disparity',
      'gini',
      'group-exposure',
      'mgu',
    ]);
    for (const d of [...Object.values(plugin.rewards), ...Object.values(plugin.corpusMetrics)])
      expect(d.meta.plugin).toBe('@bladerec/reward-fairness');
  });
});

describe('CatalogDistribution', () => {
  it('computes once per item side and recomputes for other arrays', () => {
    const catalog = new CatalogDistribution('category');
    const first = catalog.of(CATALOG)!;
    expect(Array.from(first)).toEqual([0.5, 0.5]);
    expect(catalog.of({ ...CATALOG })).toBe(first); // same arrays, new wrapper: cached
    const other = { numItems: 2, categories: { ...csrFromArrays([[0], [0]]), count: 2 } };
    expect(Array.from(catalog.of(other)!)).toEqual([1, 0]);
    expect(catalog.of({ numItems: 1, categories: { ...csrFromArrays([[]]), count: 2 } })).toBeUndefined();
  });

  it('counts groups per item, skipping items without a group', () => {
    expect(Array.from(new CatalogDistribution('group').of(CATALOG)!)).toEqual([1 / 3, 2 / 3]);
  });
});

describe('through the evaluator', () => {
  it('evaluates the reward and the corpus metrics by name', () => {
    const container = createBladeContainer({ plugins: [plugin] });
    const evaluator = container.get<Evaluator>(Evaluator);
    const inputs = rewardInputsFromArrays({ lists: [[0], [1]], history: [[0], [0]], items: CATALOG });
    const result = evaluator.evaluate(inputs, ['exposure-gap@10', 'mgu@10', 'dgu@10', 'exposure-disparity', 'gini']);
    // exposure-gap: [0] vs history [0] → 0; [1] vs [0] → 1; mean ½
    expect(result.values['exposure-gap@10']).toBeCloseTo(0.5, 12);
    // MGU/DGU: gp (½, ½), gh (1, 0) → ½ and 1
    expect(result.values['mgu@10']).toBeCloseTo(0.5, 12);
    expect(result.values['dgu@10']).toBeCloseTo(1, 12);
    // groups: E_0 = E_1 = 1 → Exp = (½, ½) vs catalog (⅓, ⅔) → mean-abs ⅙
    expect(result.values['exposure-disparity']).toBeCloseTo(1 / 6, 12);
    // counts (1, 1, 0, 0) → Σ (2i − 5) P = 1 + 3 = 4; 4 / (4 · 2) = ½
    expect(result.values['gini']).toBeCloseTo(0.5, 12);
  });
});
