import { csrRow, type SequenceDataset } from '@bladerec/core';
import { describe, expect, test } from 'vitest';
import { BladeUserError } from '@bladerec/core';
import { generateSynthetic, generateSyntheticData } from '../src/index.js';
import { thrown } from './support/errors.js';

/** HR@10 on the test split of two baselines fitted on the training split. */
function baselines(ds: SequenceDataset): { popularity: number; transition: number } {
  const n = ds.catalog.size;
  const counts = new Float64Array(n * n);
  for (const e of ds.splits.train) {
    const s = [...e.history, ...e.targets];
    for (let t = 1; t < s.length; t++) counts[s[t - 1]! * n + s[t]!]!++;
  }
  const byPopularity = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => ds.catalog.popularity[b]! - ds.catalog.popularity[a]! || a - b,
  );
  let popHits = 0;
  let transHits = 0;
  for (const e of ds.splits.test) {
    const seen = new Set(e.history);
    const target = e.targets[0]!;
    const pop = byPopularity.filter((i) => !seen.has(i)).slice(0, 10);
    if (pop.includes(target)) popHits++;
    const last = e.history[e.history.length - 1]!;
    const rank = byPopularity.filter((i) => !seen.has(i)).sort((a, b) => counts[last * n + b]! - counts[last * n + a]!);
    if (rank.slice(0, 10).includes(target)) transHits++;
  }
  return { popularity: popHits / ds.splits.test.length, transition: transHits / ds.splits.test.length };
}

describe('generateSynthetic', () => {
  // (its speed is not a unit test's business: a busy machine would fail it)
  test('defaults: 400 items, 1500 users, 8 genres, 4 groups, histories 5–20', () => {
    const ds = generateSynthetic();
    expect(ds.catalog.size).toBe(400);
    expect(ds.splits.test).toHaveLength(1500);
    expect(ds.splits.valid).toHaveLength(1500);
    expect(ds.splits.train).toHaveLength(1500);
    expect(ds.catalog.categories.names).toHaveLength(8);
    expect(ds.catalog.groups?.names).toEqual(['0', '1', '2', '3']);
    expect(Array.from(ds.catalog.groups!.of).filter((g) => g === 0)).toHaveLength(100);
    expect(ds.catalog.embeddings).toMatchObject({ dim: 16, source: 'synthetic-latent-factors' });
    const lengths = ds.splits.test.map((e) => e.history.length);
    expect(Math.min(...lengths)).toBe(5);
    expect(Math.max(...lengths)).toBe(20);
    for (let i = 0; i < ds.catalog.size; i++)
      expect(csrRow(ds.catalog.categories.ofItem, i).length).toBeGreaterThanOrEqual(1);
  });

  test('leave-one-out: test history = valid history + valid target; no item repeats in a sequence', () => {
    const ds = generateSynthetic({ users: 200 });
    ds.splits.test.forEach((t, u) => {
      const v = ds.splits.valid[u]!;
      const tr = ds.splits.train[u]!;
      expect(t.user).toBe(v.user);
      expect([...t.history]).toEqual([...v.history, ...v.targets]);
      expect([...v.history]).toEqual([...tr.history, ...tr.targets]);
      const all = [...t.history, ...t.targets];
      expect(new Set(all).size).toBe(all.length);
    });
  });

  test('same seed → identical data; other seed → different data; items do not depend on users', () => {
    const a = generateSynthetic({ seed: 5, users: 100 });
    const b = generateSynthetic({ seed: 5, users: 100 });
    expect(b.catalog.embeddings!.data).toEqual(a.catalog.embeddings!.data);
    expect(b.splits.test.map((e) => [...e.history])).toEqual(a.splits.test.map((e) => [...e.history]));
    const c = generateSynthetic({ seed: 6, users: 100 });
    expect(c.splits.test.map((e) => [...e.history])).not.toEqual(a.splits.test.map((e) => [...e.history]));
    const d = generateSynthetic({ seed: 5, users: 300 });
    expect(d.catalog.titles).toEqual(a.catalog.titles);
    expect(d.catalog.embeddings!.data).toEqual(a.catalog.embeddings!.data);
  });

  test('popularity is Zipf-skewed: the top 10% of items take a large share of training interactions', () => {
    const ds = generateSynthetic();
    const pop = [...ds.catalog.popularity].sort((a, b) => b - a);
    const total = pop.reduce((a, b) => a + b, 0);
    const top = pop.slice(0, 40).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.3);
  });

  test('a first-order transition baseline clearly beats popularity on HR@10', () => {
    const ds = generateSynthetic();
    const hr = baselines(ds);
    expect(hr.transition).toBeGreaterThan(hr.popularity + 0.2);
    expect(hr.transition).toBeGreaterThan(2 * hr.popularity);
  });

  test('without the Markov part the transition baseline loses its edge (the signal is sequential)', () => {
    const ds = generateSynthetic({ transition: 0 });
    const hr = baselines(ds);
    const withMarkov = baselines(generateSynthetic());
    expect(withMarkov.transition - hr.transition).toBeGreaterThan(0.2);
  });

  test("the hidden model is exposed: successors are in the item's genre", () => {
    const data = generateSyntheticData({ users: 10 });
    for (let i = 0; i < 400; i++) {
      for (let k = 0; k < 3; k++) expect(data.primaryGenre[data.successors[i * 3 + k]!]).toBe(data.primaryGenre[i]);
    }
  });

  test('invalid options are user errors', () => {
    expect(thrown(() => generateSynthetic({ minHistory: 10, maxHistory: 5 }), BladeUserError).message).toMatch(
      /minHistory 10 > maxHistory 5/,
    );
    expect(thrown(() => generateSynthetic({ items: 5 }), BladeUserError).message).toMatch(/items must be >= 10/);
    expect(thrown(() => generateSynthetic({ users: 1.5 }), BladeUserError).message).toMatch(/users must be integer/);
  });
});
