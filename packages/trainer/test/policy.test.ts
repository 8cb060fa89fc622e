import { csrFromArrays } from '@bladerec/core';
import { Random } from '@bladerec/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf, TransformerPolicy } from '../src/internal.js';
import { randomHistories, tinyModel } from './support.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const V = 9;
const K = 3;

describe('TransformerPolicy', () => {
  const policy = new TransformerPolicy(tinyModel(V));
  const contexts = randomHistories(5, V, 8);

  it('samples N lists of K distinct catalog items per context, reproducibly', async () => {
    const a = await policy.sample(contexts, { n: 4, length: K, random: new Random(3) });
    const b = await policy.sample(contexts, { n: 4, length: K, random: new Random(3) });
    expect(a.lists.size).toBe(20);
    expect(Array.from(a.lists.items)).toEqual(Array.from(b.lists.items));
    for (let r = 0; r < 20; r++) {
      const list = Array.from(a.lists.items.subarray(r * K, (r + 1) * K));
      expect(new Set(list).size).toBe(K);
      for (const item of list) expect(item >= 0 && item < V).toBe(true);
      const tokenSum = a.tokenLogProbs.subarray(r * K, (r + 1) * K).reduce((s, x) => s + x, 0);
      expect(a.logProb[r]).toBeCloseTo(tokenSum, 4);
    }
  });

  it('never recommends history items when excludeHistory is set', async () => {
    const s = await policy.sample(contexts, { n: 3, length: K, random: new Random(4), excludeHistory: true });
    const greedy = await policy.decode(contexts, { length: K, excludeHistory: true });
    for (let r = 0; r < s.lists.size; r++) {
      const c = Math.floor(r / 3);
      const history = new Set(contexts.values.subarray(contexts.offsets[c]!, contexts.offsets[c + 1]!));
      for (const item of s.lists.items.subarray(r * K, (r + 1) * K)) expect(history.has(item)).toBe(false);
    }
    for (let c = 0; c < 5; c++) {
      const history = new Set(contexts.values.subarray(contexts.offsets[c]!, contexts.offsets[c + 1]!));
      for (const item of greedy.items.subarray(c * K, (c + 1) * K)) expect(history.has(item)).toBe(false);
    }
  });

  it('scores sampled lists with the log-probabilities the sampler reported (teacher forcing = generation)', async () => {
    for (const excludeHistory of [false, true]) {
      const s = await policy.sample(contexts, { n: 4, length: K, random: new Random(5), excludeHistory });
      const rows = TransformerPolicy.repeatRows(5, 4);
      const scored = await policy.logProb(contexts, s.lists, { rows, excludeHistory });
      for (let r = 0; r < s.lists.size; r++) expect(scored[r]).toBeCloseTo(s.logProb[r]!, 3);
    }
  });

  it('draws lists with the probabilities it assigns (Monte-Carlo check on one context)', async () => {
    const one = csrFromArrays([[1, 4]]);
    const n = 4000;
    const s = await policy.sample(one, { n, length: 2, random: new Random(6) });
    const counts = new Map<string, number>();
    for (let r = 0; r < n; r++) {
      const key = `${s.lists.items[2 * r]},${s.lists.items[2 * r + 1]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // compare the empirical frequency of the most frequent lists with their probability
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const lists = {
      size: top.length,
      width: 2,
      items: Int32Array.from(top.flatMap(([key]) => key.split(',').map(Number))),
    };
    const p = await policy.logProb(one, lists, { rows: new Int32Array(top.length) });
    top.forEach(([, c], i) => {
      const prob = Math.exp(p[i]!);
      const sd = Math.sqrt((prob * (1 - prob)) / n);
      expect(Math.abs(c / n - prob)).toBeLessThan(5 * sd + 1e-3);
    });
  });

  it('greedy decoding takes the most probable item at every slot; full-width beam search finds the most probable list', async () => {
    const small = csrFromArrays([[2, 3, 5], [7]]);
    const greedy = await policy.decode(small, { length: 2 });
    const beam = await policy.decode(small, { length: 2, beamWidth: V * (V - 1) });
    // enumerate all V·(V−1) ordered pairs
    const all: number[] = [];
    for (let a = 0; a < V; a++) for (let b = 0; b < V; b++) if (a !== b) all.push(a, b);
    for (let c = 0; c < 2; c++) {
      const lists = { size: all.length / 2, width: 2, items: Int32Array.from(all) };
      const lp = await policy.logProb(small, lists, { rows: new Int32Array(lists.size).fill(c) });
      let best = 0;
      for (let i = 1; i < lp.length; i++) if (lp[i]! > lp[best]!) best = i;
      expect(Array.from(beam.items.subarray(2 * c, 2 * c + 2))).toEqual([all[2 * best], all[2 * best + 1]]);
      // greedy: the first item maximises the first-slot probability
      const first = await policy.logProb(
        small,
        { size: V, width: 1, items: Int32Array.from({ length: V }, (_, i) => i) },
        { rows: new Int32Array(V).fill(c) },
      );
      const argmax = first.indexOf(Math.max(...first));
      expect(greedy.items[2 * c]).toBe(argmax);
    }
  });

  it('refuses to score lists with padding or unknown items, and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    await expect(
      policy.logProb(contexts, { size: 5, width: K, items: new Int32Array(5 * K).fill(-2) }),
    ).rejects.toThrow(/no catalog item/);
    await policy.sample(contexts, { n: 2, length: K, random: new Random(7) });
    await policy.decode(contexts, { length: K, beamWidth: 3 });
    await policy.logProb(contexts, (await policy.sample(contexts, { n: 1, length: K, random: new Random(8) })).lists);
    expect(tf.memory().numTensors).toBe(before);
  });
});
