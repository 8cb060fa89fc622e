import type { ListBatch } from '@bladerec/core';
import { tf } from '../../backend/tf.js';
import { cachedExtremes } from './cached-extremes.js';
import type { LossTerm, StepBatch } from './loss-term.js';
import type { IpoPairsConfig } from './loss-term-config.js';

/** BoNBoN's IPO margin `1/(2β*_n) = (n−1)·H_{n−1}` (Gui et al. 2024, eq. 4.2); 18.15 for n = 8. */
export function bonbonMargin(n: number): number {
  let harmonic = 0;
  for (let k = 1; k < n; k++) harmonic += 1 / k;
  return (n - 1) * harmonic;
}

/**
 * `L = (1/B) Σ_g (Δ_θ − Δ_ref − margin)²` with `Δ = log π(y_best) − log π(y_worst)` over the step's
 * contexts. Contexts whose n cached rewards all tie (best = worst reward: no preference) are skipped
 * and counted in `ipo/tied_pairs`.
 */
export function ipoPairs(config: IpoPairsConfig): LossTerm {
  const { weight, n } = config;
  const margin = config.margin === 'bon' ? bonbonMargin(n) : config.margin;
  return {
    kind: 'ipo-pairs',
    weight,
    needs: { cachedRollouts: n },
    prepare(batch: StepBatch) {
      const { cache, keys } = batch;
      const K = cache.width;
      const items: number[] = [];
      const rows: number[] = [];
      const refDelta: number[] = [];
      let gap = 0;
      keys.forEach((key, g) => {
        const e = cachedExtremes(cache, key, n);
        if (e.tied) return;
        const lists = cache.lists[key]!;
        items.push(...lists.subarray(e.best * K, (e.best + 1) * K), ...lists.subarray(e.worst * K, (e.worst + 1) * K));
        rows.push(g, g);
        refDelta.push(cache.logProb[key]![e.best]! - cache.logProb[key]![e.worst]!);
        gap += cache.totals[key]![e.best]! - cache.totals[key]![e.worst]!;
      });
      const P = refDelta.length;
      const record = {
        'ipo/tied_pairs': 1 - P / keys.length,
        'ipo/best_worst_gap': P === 0 ? 0 : gap / P,
        'ipo/margin': margin,
      };
      if (P === 0) return { record, loss: () => tf.scalar(0) };
      const lists: ListBatch = { size: 2 * P, width: K, items: Int32Array.from(items) };
      const shift = Float32Array.from(refDelta, (d) => d + margin);
      return {
        record,
        loss: (lp) => {
          const [best, worst] = tf.split(tf.reshape(lp.lists(lists, rows), [P, 2]), 2, 1) as [tf.Tensor, tf.Tensor];
          const residual = tf.sub(tf.reshape(tf.sub(best, worst), [P]), tf.tensor1d(shift));
          return tf.mul(tf.sum(tf.square(residual)), weight / keys.length) as tf.Scalar;
        },
      };
    },
  };
}
