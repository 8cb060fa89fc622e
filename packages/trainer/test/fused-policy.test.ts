import { Random } from '@bladerec/data';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, TransformerPolicy, usesFusedKernels } from '../src/internal.js';
import { randomHistories, tinyModel } from './support.js';

/**
 * The policy on the fused kernels (default on wasm/cpu) against the same policy on the composed tfjs
 * ops (`BLADE_FUSED_KERNELS=0`): greedy lists identical, sampled lists scored identically by both.
 */
beforeAll(async () => {
  await selectBackend('wasm');
});
afterEach(() => {
  delete process.env['BLADE_FUSED_KERNELS'];
});

const composed = async <T>(run: () => Promise<T>): Promise<T> => {
  process.env['BLADE_FUSED_KERNELS'] = '0';
  try {
    return await run();
  } finally {
    delete process.env['BLADE_FUSED_KERNELS'];
  }
};

describe('TransformerPolicy on the fused kernels', () => {
  const V = 37;
  const K = 6;
  const policy = new TransformerPolicy(tinyModel(V, 4));
  const contexts = randomHistories(9, V, 10, 5);

  it('selects the fused path on wasm and the composed one when switched off', async () => {
    expect(usesFusedKernels()).toBe(true);
    expect(await composed(async () => usesFusedKernels())).toBe(false);
  });

  it('decodes the same greedy lists as the composed ops, with and without history exclusion', async () => {
    for (const excludeHistory of [false, true]) {
      const fused = await policy.decode(contexts, { length: K, excludeHistory });
      const ref = await composed(() => policy.decode(contexts, { length: K, excludeHistory }));
      expect(Array.from(fused.items)).toEqual(Array.from(ref.items));
    }
  });

  it('samples lists whose reported log-probabilities the composed ops reproduce by teacher forcing', async () => {
    for (const temperature of [1, 0.7]) {
      const s = await policy.sample(contexts, {
        n: 3,
        length: K,
        random: new Random(11),
        excludeHistory: true,
        temperature,
      });
      const rows = TransformerPolicy.repeatRows(9, 3);
      const scored = await composed(() => policy.logProb(contexts, s.lists, { rows, excludeHistory: true }));
      const fusedScored = await policy.logProb(contexts, s.lists, { rows, excludeHistory: true });
      for (let r = 0; r < s.lists.size; r++) {
        expect(new Set(s.lists.items.subarray(r * K, (r + 1) * K)).size).toBe(K);
        expect(Math.abs(scored[r]! - s.logProb[r]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(scored[r]!)));
        expect(Math.abs(fusedScored[r]! - scored[r]!)).toBeLessThan(1e-4 * Math.max(1, Math.abs(scored[r]!)));
      }
    }
  });
});
