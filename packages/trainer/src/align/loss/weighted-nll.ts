import { tf } from '../../backend/tf.js';
import { groupSoftmax } from '@bladerec/estimators';
import { dotLoss, type LossTerm, type StepBatch } from './loss-term.js';
import type { WeightedNllConfig } from './loss-term-config.js';

/**
 * Coefficients of `ℓ_i = log π_θ(y_i)` in the policy-sample forward term of one batch, per group
 * `−(q_i − c/N)`, `q_i = w_i/Σ_j w_j` (SNIS weights of the target π* ∝ π_t·w), c = 1 when centred.
 * Groups with `signal[g] = 0` get 0. The centring has zero expected gradient (`E[∇ℓ] = 0`) and
 * removes the part of the estimator that is pure noise (`docs/method.md` §4).
 */
export function weightedNllCoefficients(
  logWeight: ArrayLike<number>,
  n: number,
  signal: ArrayLike<number>,
  centred: boolean,
): Float64Array {
  const q = groupSoftmax(logWeight, n);
  const out = new Float64Array(q.length);
  for (let g = 0; g * n < q.length; g++) {
    if (!signal[g]) continue;
    for (let i = 0; i < n; i++) out[g * n + i] = -(q[g * n + i]! - (centred ? 1 / n : 0));
  }
  return out;
}

/** The weighted-NLL term: `L = −(1/B) Σ_g Σ_i (q_i − c/N) ℓ_i`, or `−mean_g log π_θ(best sample of g)`. */
export function weightedNll(config: WeightedNllConfig): LossTerm {
  const { weight, from } = config;
  return {
    kind: 'weighted-nll',
    weight,
    needs: { referenceBest: from === 'reference-best', anchorBest: from === 'anchor-best', target: from === 'policy' },
    prepare(batch: StepBatch) {
      if (from === 'policy') {
        const c = weightedNllCoefficients(batch.targets.logWeight, batch.n, batch.signal, config.centred);
        const coef = Float32Array.from(c, (x) => (weight * x) / batch.groups);
        return { record: {}, loss: (lp) => dotLoss(tf, lp.rollouts().total, coef) };
      }
      const lists = from === 'reference-best' ? batch.referenceBest : batch.anchorBest;
      if (!lists) throw new Error(`weighted-nll from ${from}: the step has no such samples`);
      const rows = Int32Array.from({ length: batch.groups }, (_, g) => g);
      return { record: {}, loss: (lp) => tf.mul(tf.mean(lp.lists(lists, rows)), -weight) as tf.Scalar };
    },
  };
}
