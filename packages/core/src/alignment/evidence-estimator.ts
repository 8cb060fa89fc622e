/**
 * What one group of N rollouts (same context) says about the current policy's reward distribution.
 * Counts may be fractional (kernel-smoothed).
 */
export interface GroupEvidence {
  /** Group size N. */
  readonly n: number;
  /** Per rollout: count of the *other* rollouts with a lower reward. */
  readonly below: Float64Array;
  /** Per rollout: count of the *other* rollouts with an equal reward. */
  readonly ties: Float64Array;
  /** Sample mean of the rewards. */
  readonly mean: number;
  /** `Σ_j (r_j − mean)²`, for conjugate updates. */
  readonly sumSquares: number;
}

/**
 * Turns the current rollouts' rewards into evidence — the "dynamic evidence" half of BLADE's target.
 * Implementations: exact mid-rank counts (tie-exact, for discrete metrics) and Gaussian-kernel
 * smoothed counts `c_i = Σ_{j≠i} Φ((r_i − r_j)/b)` for noisy continuous rewards.
 */
export interface EvidenceEstimator {
  readonly kind: string;
  estimate(rewards: ArrayLike<number>): GroupEvidence;
}
