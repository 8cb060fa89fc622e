import { tf } from '../../backend/tf.js';
import { advantages } from '@bladerec/estimators';
import { dotLoss, type LossTerm, type StepBatch } from './loss-term.js';
import type { PolicyGradientConfig } from './loss-term-config.js';

/**
 * Coefficients of `ℓ_i` in the policy-gradient term of one batch: `−A_i/N` with the group's
 * advantages of `reward`; 0 in groups with `signal[g] = 0`. With `R = log w` and the leave-one-out
 * baseline the expected gradient is exactly `∇KL(π_θ‖π*)` at θ = θ_t for `π* ∝ π_t·w` (BOND eq. 15).
 */
export function policyGradientCoefficients(
  reward: ArrayLike<number>,
  n: number,
  signal: ArrayLike<number>,
  advantage: PolicyGradientConfig['advantage'],
): Float64Array {
  const a = advantages(reward, n, advantage);
  const out = new Float64Array(a.length);
  for (let g = 0; g * n < a.length; g++) if (signal[g]) for (let i = 0; i < n; i++) out[g * n + i] = -a[g * n + i]! / n;
  return out;
}

/** The policy-gradient term `L = −(1/(B·N)) Σ_g Σ_i A_i ℓ_i`, with the in-reward KL penalty when configured. */
export function policyGradient(config: PolicyGradientConfig): LossTerm {
  const { weight } = config;
  const scale = (n: number) => (config.reward === 'log-weight' ? 1 : 1 / (n - 1));
  const rewardOf = (batch: Pick<StepBatch, 'targets' | 'total'>): Float64Array =>
    config.reward === 'log-weight'
      ? batch.targets.logWeight
      : config.reward === 'target'
        ? batch.targets.reward
        : batch.total;
  return {
    kind: 'policy-gradient',
    weight,
    needs: { target: config.reward !== 'raw' },
    bonKlCoefficient: (n) => weight * scale(n),
    rewardOf,
    prepare(batch: StepBatch) {
      const base = rewardOf(batch);
      let reward: ArrayLike<number> = base;
      const kl = batch.inRewardKl;
      if (kl) {
        const c = kl.coef === 'bon' ? scale(batch.n) : kl.coef;
        reward = Float64Array.from(base, (r, k) => r - c * kl.logRatio[k]!);
      }
      const pg = policyGradientCoefficients(reward, batch.n, batch.signal, config.advantage);
      const coef = Float32Array.from(pg, (x) => (weight * x) / batch.groups);
      return { record: {}, loss: (lp) => dotLoss(tf, lp.rollouts().total, coef) };
    },
  };
}
