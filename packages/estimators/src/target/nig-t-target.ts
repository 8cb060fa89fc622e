import {
  BladeUserError,
  type GroupEvidence,
  type RewardPrior,
  type RolloutTargets,
  type TargetEstimator,
  type TargetEstimatorDefinition,
  Type,
} from '@bladerec/core';
import { studentTCdf } from '../math/special-functions.js';
import { nigPredictive, nigUpdate } from '../prior/nig-prior-store.js';
import { allocateTargets } from './rollout-targets.js';

/**
 * Design D2: the context's Normal–Inverse-Gamma prior updated with the group (`μ_N, κ_N, a_N, b_N`),
 * whose posterior predictive is a Student-t: `F(r) = T_ν((r − μ_N)/s_N)` with ν = 2a_N and
 * `s_N² = b_N(κ_N+1)/(a_N κ_N)`; `R_i = log F(r_i)`, `log w_i = (N−1) log F(r_i)`. Polynomial tails:
 * every reward difference, however far above the history, changes the target. Needs the `nig`
 * prior store; best for continuous composite rewards.
 */
export class NigTTarget implements TargetEstimator {
  readonly kind = 'nig-t';

  estimate(rewards: ArrayLike<number>, evidence: GroupEvidence, prior: RewardPrior, bonN: number): RolloutTargets {
    if (!prior.nig)
      throw new BladeUserError(
        "target estimator 'nig-t' needs a prior store that keeps Normal–Inverse-Gamma statistics (align.prior.kind: nig)",
      );
    const n = rewards.length;
    const out = allocateTargets(n);
    const { nu, loc, scale } = nigPredictive(nigUpdate(prior.nig, evidence.n, evidence.mean, evidence.sumSquares));
    for (let i = 0; i < n; i++) {
      const f = Math.max(studentTCdf((rewards[i]! - loc) / scale, nu), 1e-300);
      out.cdf[i] = f;
      out.cdfBelow[i] = f;
      out.cdfAtOrBelow[i] = f;
      out.reward[i] = Math.log(f);
      out.logWeight[i] = (bonN - 1) * Math.log(f);
    }
    return out;
  }
}

export const nigTTarget: TargetEstimatorDefinition<Record<string, never>> = {
  meta: {
    id: 'nig-t',
    description:
      'Normal–Inverse-Gamma posterior with a Student-t predictive CDF (design D2; needs the nig prior store).',
    schema: Type.Object({}, { additionalProperties: false }),
  },
  create: () => new NigTTarget(),
};
