import type { ListBatch } from '@bladerec/core';
import { tf } from '../../backend/tf.js';
import { cachedExtremes } from './cached-extremes.js';
import type { LossTerm, StepBatch } from './loss-term.js';
import type { SftBestConfig } from './loss-term-config.js';

/**
 * `L = −(1/B) Σ_g log π_θ(y_best(g))` over the step's contexts; contexts whose n cached rewards all tie
 * are left out (their "best" is an arbitrary list) and counted in `sft_best/tied`.
 */
export function sftBest(config: SftBestConfig): LossTerm {
  const { weight, n } = config;
  return {
    kind: 'sft-best',
    weight,
    needs: { cachedRollouts: n },
    prepare(batch: StepBatch) {
      const { cache, keys } = batch;
      const K = cache.width;
      const picked: number[] = [];
      const items: number[] = [];
      keys.forEach((key, g) => {
        const e = cachedExtremes(cache, key, n);
        if (e.tied) return;
        picked.push(g);
        items.push(...cache.lists[key]!.subarray(e.best * K, (e.best + 1) * K));
      });
      const record = { 'sft_best/tied': 1 - picked.length / keys.length };
      if (picked.length === 0) return { record, loss: () => tf.scalar(0) };
      const lists: ListBatch = { size: picked.length, width: K, items: Int32Array.from(items) };
      const rows = Int32Array.from(picked);
      return { record, loss: (lp) => tf.mul(tf.sum(lp.lists(lists, rows)), -weight / keys.length) as tf.Scalar };
    },
  };
}
