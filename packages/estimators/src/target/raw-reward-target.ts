import type {
  GroupEvidence,
  RewardPrior,
  RolloutTargets,
  TargetEstimator,
  TargetEstimatorDefinition,
} from '@bladerec/core';
import { Type } from '@bladerec/core';
import { allocateTargets } from './rollout-targets.js';

/**
 * The raw list reward as the policy-gradient reward, with uniform target weights — the target of
 * GRPO and RLOO (no Best-of-N transform). The CDFs are the prior's, for diagnostics only.
 */
export class RawRewardTarget implements TargetEstimator {
  readonly kind = 'raw';

  estimate(rewards: ArrayLike<number>, _evidence: GroupEvidence, prior: RewardPrior): RolloutTargets {
    const out = allocateTargets(rewards.length);
    for (let i = 0; i < rewards.length; i++) {
      out.reward[i] = rewards[i]!;
      out.cdfBelow[i] = prior.count > 0 ? prior.cdfBelow(rewards[i]!) : 0;
      out.cdfAtOrBelow[i] = prior.count > 0 ? prior.cdfAtOrBelow(rewards[i]!) : 0;
      out.cdf[i] = (out.cdfBelow[i]! + out.cdfAtOrBelow[i]!) / 2;
    }
    return out;
  }
}

export const rawRewardTarget: TargetEstimatorDefinition<Record<string, never>> = {
  meta: {
    id: 'raw',
    description: 'The raw composed reward with uniform weights (GRPO, RLOO).',
    schema: Type.Object({}, { additionalProperties: false }),
  },
  create: () => new RawRewardTarget(),
};
