import type { GroupEvidence } from './evidence-estimator.js';
import type { RewardPrior } from './reward-prior.js';

/** Per-rollout targets for one group. */
export interface RolloutTargets {
  /** `R_i`: the reward of the backward-KL (policy-gradient) term, e.g. `E[log u_i]`. */
  readonly reward: Float64Array;
  /**
   * `log w_i`: unnormalised log importance weight of the target `π*` relative to the sampling
   * policy, `w_i ∝ π*(y_i)/π_t(y_i)`; the forward-KL term self-normalises `q_i = w_i / Σ_j w_j`.
   */
  readonly logWeight: Float64Array;
  /**
   * The point CDF value `F̃(r_i)` the reward is built from (the mid-distribution value for
   * tie-aware designs); `F̃ = 1` means the rollout is saturated: no better outcome is expected.
   */
  readonly cdf: Float64Array;
  /** `F_<(r_i)` under the fused CDF (for tie-exact weights and diagnostics). */
  readonly cdfBelow: Float64Array;
  /** `F_≤(r_i)` under the fused CDF. */
  readonly cdfAtOrBelow: Float64Array;
}

/**
 * Fuses a historical prior with the current evidence into the posterior-predictive CDF `F_t` and
 * gives each rollout its target: the self-evolving Best-of-N target
 * `π*_t(y) ∝ π_t(y) · Φ_t(r(y))` with `Φ_t = F_t^{N−1}` or its tie-exact form
 * `(F_≤^N − F_<^N)/(F_≤ − F_<)`. All quantities are computed in log space.
 *
 * With an infinitely strong, never refreshed prior this is the static BoN target of vBoN/BOND; with
 * no prior it is the within-group rank target of iterative BoN. See `docs/method.md`.
 */
export interface TargetEstimator {
  readonly kind: string;
  /**
   * @param rewards the group's rewards `r_1 … r_N`
   * @param evidence what the group says (from an {@link EvidenceEstimator})
   * @param prior the context's history (from a {@link PriorStore})
   * @param bonN the Best-of-N size of the target (usually the group size)
   */
  estimate(rewards: ArrayLike<number>, evidence: GroupEvidence, prior: RewardPrior, bonN: number): RolloutTargets;
}
