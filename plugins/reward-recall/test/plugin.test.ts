import { createRequire } from 'node:module';
import { ListRewardRegistry, rewardInputsFromArrays } from '@bladerec/core';
import { scenarioArbitrary, toInputs } from '@bladerec/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };
const IDS = ['recall', 'hr', 'mrr', 'precision', 'map', 'f1'];

describe('recall plugin object', () => {
  it('exports a plugin with meta from package.json and its rewards', () => {
    expect(plugin.meta).toEqual({ name: '@bladerec/reward-recall', version: pkg.version, namespace: 'recall' });
    expect(Object.keys(plugin.rewards)).toEqual([...IDS, 'r-precision']);
    expect(plugin.rewards['r-precision']!.meta).toMatchObject({ id: 'r-precision', requires: ['relevance'] });
    expect(plugin.rewards['r-precision']!.meta.atParameter).toBeUndefined();
    expect(Object.keys(plugin.corpusMetrics)).toEqual([]);
    for (const id of IDS) {
      expect(plugin.rewards[id]!.meta).toMatchObject({
        id,
        plugin: '@bladerec/reward-recall',
        namespace: 'recall',
        atParameter: 'k',
        requires: ['relevance'],
        unknownItems: 'zero-gain',
      });
    }
  });

  it('resolves `id@K` and `recall/id@K` aliases with k = 10 by default', () => {
    const registry = new ListRewardRegistry(Object.values(plugin.rewards));
    for (const id of IDS) {
      expect(registry.create(id).meta).toMatchObject({ name: `${id}@10`, cutoff: 10, range: [0, 1] });
      expect(registry.create(`${id}@5`).meta).toMatchObject({ name: `${id}@5`, cutoff: 5 });
      expect(registry.create(`recall/${id}@3`).meta).toMatchObject({ name: `${id}@3`, cutoff: 3 });
    }
    expect(() => registry.create('ndcg/recall@3')).toThrow();
  });

  it('scores one batch consistently through every reward', () => {
    const registry = new ListRewardRegistry(Object.values(plugin.rewards));
    // k = 3, R = {2, 5}: top 3 of [9, 2, 5, 1] holds both, the first at rank 2
    const inputs = rewardInputsFromArrays({ lists: [[9, 2, 5, 1]], relevant: [[2, 5]], items: { numItems: 10 } });
    const at3 = (id: string) => registry.create(`${id}@3`).score(inputs)[0];
    expect(at3('recall')).toBe(1); // 2 / |R| = 2/2
    expect(at3('hr')).toBe(1);
    expect(at3('mrr')).toBe(1 / 2); // first hit at rank 2
    expect(at3('precision')).toBe(2 / 3); // 2 hits / k = 3
  });
});

describe('recall plugin: the four rewards agree with each other', () => {
  it('hits = Precision·k = Recall·|R|, HR = 1{hits > 0}, 0 < MRR ≤ 1 exactly when HR = 1', () => {
    const registry = new ListRewardRegistry(Object.values(plugin.rewards));
    fc.assert(
      fc.property(scenarioArbitrary(), fc.integer({ min: 1, max: 14 }), (scenario, k) => {
        const inputs = toInputs(scenario, ['relevance']);
        const [recall, hr, mrr, precision] = IDS.map((id) => registry.create(id, { k }).score(inputs));
        scenario.relevant.forEach((relevant, b) => {
          const size = [...relevant.values()].filter((g) => g > 0).length;
          const hits = precision![b]! * k;
          expect(hits).toBeCloseTo(Math.round(hits), 9);
          expect(recall![b]! * size).toBeCloseTo(size === 0 ? 0 : hits, 9);
          expect(hr![b]).toBe(hits > 0 ? 1 : 0);
          expect(mrr![b]! > 0).toBe(hr![b] === 1);
          if (size === 1) expect(recall![b]).toBe(hr![b]);
        });
      }),
      { numRuns: 200 },
    );
  });
});
