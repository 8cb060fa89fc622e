import { type Static, Type } from '@bladerec/core';
import { tf } from '../../backend/tf.js';
import { advantages } from '../advantages.js';
import { dotLoss, type LossTerm, type StepBatch } from './loss-term.js';

/** `{kind: 'policy-gradient'}`: the backward-KL (reward-seeking) term. */
export const PolicyGradientConfig = Type.Object(
  {
    kind: Type.Literal('policy-gradient'),
    weight: Type.Number({ minimum: 0, default: 0.5, description: 'Weight of the term (β_J in a Jeffreys loss).' }),
    advantage: Type.Union([Type.Literal('loo'), Type.Literal('group-normalized')], {
      default: 'loo',
      description: "Baseline: leave-one-out R_i − mean_{j≠i} R_j (RLOO), or GRPO's (R_i − mean)/std.",
    }),
    reward: Type.Union([Type.Literal('log-weight'), Type.Literal('target'), Type.Literal('raw')], {
      default: 'log-weight',
      description: "R_i: the target's log-weight log w_i (the reverse KL to the target, factor N−1 included), the target's own reward (J-BOND's −log 16; log F scale), or the raw objective (GRPO, RLOO).",
    }),
  },
  { additionalProperties: false },
);
export type PolicyGradientConfig = Static<typeof PolicyGradientConfig>;

/**
 * Coefficients of `ℓ_i` in the policy-gradient term of one batch: `−A_i/N` with the group's
 * advantages of `reward`; 0 in groups with `signal[g] = 0`. With `R = log w` and the leave-one-out
 * baseline the expected gradient is exactly `∇KL(π_θ‖π*)` at θ = θ_t for `π* ∝ π_t·w` (BOND eq. 15).
 */
export function policyGradientCoefficients(reward: ArrayLike<number>, n: number, signal: ArrayLike<number>, advantage: PolicyGradientConfig['advantage']): Float64Array {
  const a = advantages(reward, n, advantage);
  const out = new Float64Array(a.length);
  for (let g = 0; g * n < a.length; g++) if (signal[g]) for (let i = 0; i < n; i++) out[g * n + i] = -a[g * n + i]! / n;
  return out;
}

/** The policy-gradient term `L = −(1/(B·N)) Σ_g Σ_i A_i ℓ_i`, with the in-reward KL penalty when configured. */
export function policyGradient(config: PolicyGradientConfig): LossTerm {
  const { weight } = config;
  const scale = (n: number) => (config.reward === 'log-weight' ? 1 : 1 / (n - 1));
  return {
    kind: 'policy-gradient',
    weight,
    needs: { target: config.reward !== 'raw' },
    bonKlCoefficient: (n) => weight * scale(n),
    prepare(batch: StepBatch) {
      const base = config.reward === 'log-weight' ? batch.targets.logWeight : config.reward === 'target' ? batch.targets.reward : batch.total;
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
