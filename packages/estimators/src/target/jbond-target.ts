import type {
  GroupEvidence,
  RewardPrior,
  RolloutTargets,
  TargetEstimator,
  TargetEstimatorDefinition,
} from '@bladerec/core';
import { Type } from '@bladerec/core';
import { allocateTargets } from './rollout-targets.js';

/** J-BOND's crude reward for a rollout scoring below both anchor samples (BOND eq. 17). */
export const JBOND_PENALTY = -Math.log(16);

/**
 * J-BOND's two-sample reward (Sessa et al. 2024, Algorithm 2): with the prior holding the rewards of
 * the two anchor samples of this step, `R = −log 16` when the rollout scores strictly below both
 * (`H(r) = 0`), else 0 — a finite stand-in for `log p̂_≤ ∈ {log 0, log ½, 0}`.
 */
export class JBondTarget implements TargetEstimator {
  readonly kind = 'jbond';

  estimate(rewards: ArrayLike<number>, _evidence: GroupEvidence, prior: RewardPrior): RolloutTargets {
    const out = allocateTargets(rewards.length);
    for (let i = 0; i < rewards.length; i++) {
      const h = prior.cdfAtOrBelow(rewards[i]!);
      out.reward[i] = h === 0 ? JBOND_PENALTY : 0;
      out.cdfBelow[i] = prior.cdfBelow(rewards[i]!);
      out.cdfAtOrBelow[i] = h;
      out.cdf[i] = (out.cdfBelow[i]! + h) / 2;
    }
    return out;
  }
}

export const jbondTarget: TargetEstimatorDefinition<Record<string, never>> = {
  meta: {
    id: 'jbond',
    description: "J-BOND's reward: −log 16 below both anchor samples, else 0 (use with the anchor prior).",
    schema: Type.Object({}, { additionalProperties: false }),
  },
  create: () => new JBondTarget(),
};
