import { createBladeContainer, csrFromArrays, Evaluator, PAD_ITEM } from '@bladerec/core';
import fairness from '@bladerec/reward-fairness';
import ndcg from '@bladerec/reward-ndcg';
import recall from '@bladerec/reward-recall';
import { describe, expect, it } from 'vitest';
import { compareRecommenders, PopularityRecommender, TransitionRecommender } from '../src/index.js';
import { tinyDataset } from './sft-fixtures.js';

describe('per-group exposure of a test evaluation', () => {
  const dataset = tinyDataset();
  const train = dataset.splits.train;
  const test = dataset.splits.test.slice(0, 60);
  const recommenders = () => [
    new PopularityRecommender(dataset.catalog.size, train),
    new TransitionRecommender(dataset.catalog.size, train),
  ];
  const options = (evaluator: Evaluator) => ({
    evaluator,
    metrics: ['ndcg@10', 'recall@10', 'gini@10'],
    k: 10,
    items: dataset.catalog.itemSide(),
    excludeHistory: true,
  });

  it('is reported per recommender and group, leaves every metric value as it was, and matches a hand count', async () => {
    const withFairness = createBladeContainer({ plugins: [ndcg, recall, fairness] }).get<Evaluator>(Evaluator);
    const withExposure = await compareRecommenders(recommenders(), test, options(withFairness));
    // the same comparison with exposure switched off (no item groups): identical means and intervals
    const side = dataset.catalog.itemSide();
    const { groups: _, ...noGroups } = side;
    const without = await compareRecommenders(recommenders(), test, { ...options(withFairness), items: noGroups });
    expect(withExposure.means).toEqual(without.means);
    expect(withExposure.differences).toEqual(without.differences);
    expect(without.exposure).toBeUndefined();

    expect(Object.keys(withExposure.exposure!)).toEqual(['popularity', 'transition']);
    const pop = withExposure.exposure!['popularity']!;
    expect(pop.metric).toBe('group-exposure@10');
    expect(Object.keys(pop.shares)).toEqual(side.groups!.names!.map(String));
    // the popularity recommender's lists, counted by hand: each item once per list at its first slot, v(p) =
    // 1/log2(1+p)
    const lists = await new PopularityRecommender(dataset.catalog.size, train).recommend(
      csrFromArrays(test.map((e) => e.history)),
      10,
      { excludeHistory: true },
    );
    const mass = new Array<number>(side.groups!.count).fill(0);
    for (let b = 0; b < lists.size; b++) {
      const seen = new Set<number>();
      for (let p = 0; p < 10; p++) {
        const id = lists.items[b * 10 + p]!;
        if (id === PAD_ITEM) break;
        if (id < 0 || seen.has(id)) continue;
        seen.add(id);
        const g = side.groups!.of[id]!;
        if (g >= 0) mass[g]! += 1 / Math.log2(p + 2);
      }
    }
    const total = mass.reduce((a, b) => a + b, 0);
    side.groups!.names!.forEach((name, g) => expect(pop.shares[name]).toBeCloseTo(mass[g]! / total, 12));
    expect(Object.values(pop.shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('is absent when the fairness plugin is not loaded', async () => {
    const plain = createBladeContainer({ plugins: [ndcg, recall] }).get<Evaluator>(Evaluator);
    const result = await compareRecommenders(recommenders(), test, { ...options(plain), metrics: ['ndcg@10'] });
    expect(result.exposure).toBeUndefined();
  });
});
