import type { EvidenceEstimator, PriorStore, RewardPrior, TargetEstimator } from '@bladerec/core';

/** Per-rollout targets of a batch of groups, combined over objective terms. */
export interface BatchTargets {
  /** `R_i` (weighted over terms in per-term mode). */
  readonly reward: Float64Array;
  /** `log w_i` (weighted over terms in per-term mode). */
  readonly logWeight: Float64Array;
  /** `F̃(r_i)` of the first term (per-term) or of the total (sum): the target's saturation signal. */
  readonly cdf: Float64Array;
}

/** The estimators and prior a batch of groups is transformed with. */
export interface TargetComponents {
  readonly prior: PriorStore;
  readonly evidence: EvidenceEstimator;
  readonly target: TargetEstimator;
}

/**
 * Applies evidence + prior + target estimator to every group of `n` rollouts.
 *
 * - `per-term`: each objective term t gets its own prior (key `context·T + t`) and target, and the
 *   transformed terms are weighted: `R_i = Σ_t λ_t R_{t,i}`, `log w_i = Σ_t λ_t log w_{t,i}` (λ_t the
 *   term weights). A term that ties within a group adds nothing there, so a small λ stays small.
 * - `sum`: one prior per context over the weighted total.
 *
 * `priorOf` overrides the stored prior of a group (J-BOND's per-step anchor prior).
 */
export function batchTargets(args: {
  readonly n: number;
  readonly contextKeys: ArrayLike<number>;
  readonly termRewards: readonly Float64Array[];
  readonly termWeights: readonly number[];
  readonly total: Float64Array;
  readonly mode: 'per-term' | 'sum';
  readonly components: TargetComponents;
  readonly bonN: number;
  readonly priorOf?: (group: number) => RewardPrior | undefined;
}): BatchTargets {
  const { n, contextKeys, termRewards, termWeights, total, mode, components, bonN } = args;
  const size = total.length;
  const reward = new Float64Array(size);
  const logWeight = new Float64Array(size);
  const cdf = new Float64Array(size);
  const streams =
    mode === 'per-term'
      ? termRewards.map((r, t) => ({ r, weight: termWeights[t]!, term: t }))
      : [{ r: total, weight: 1, term: 0 }];
  const T = mode === 'per-term' ? termRewards.length : 1;
  for (let g = 0; g * n < size; g++) {
    streams.forEach(({ r, weight, term }, s) => {
      const group = r.subarray(g * n, (g + 1) * n);
      const prior = args.priorOf?.(g) ?? components.prior.prior(contextKeys[g]! * T + term);
      const targets = components.target.estimate(group, components.evidence.estimate(group), prior, bonN);
      for (let i = 0; i < n; i++) {
        reward[g * n + i]! += weight * targets.reward[i]!;
        logWeight[g * n + i]! += weight * targets.logWeight[i]!;
        if (s === 0) cdf[g * n + i] = targets.cdf[i]!;
      }
    });
  }
  return { reward, logWeight, cdf };
}

/** Refreshes the prior of every group with its rollouts (per term or total, as in {@link batchTargets}). */
export function refreshPriors(
  prior: PriorStore,
  n: number,
  contextKeys: ArrayLike<number>,
  termRewards: readonly Float64Array[],
  total: Float64Array,
  mode: 'per-term' | 'sum',
): void {
  const streams = mode === 'per-term' ? termRewards : [total];
  for (let g = 0; g * n < total.length; g++) {
    streams.forEach((r, t) => prior.update(contextKeys[g]! * streams.length + t, r.subarray(g * n, (g + 1) * n)));
  }
}

/** Seeds the prior of one context with its cached reference rollouts' rewards. */
export function seedPriors(
  prior: PriorStore,
  contextKey: number,
  termRewards: readonly Float64Array[],
  total: Float64Array,
  mode: 'per-term' | 'sum',
): void {
  const streams = mode === 'per-term' ? termRewards : [total];
  streams.forEach((r, t) => prior.seed(contextKey * streams.length + t, r));
}
