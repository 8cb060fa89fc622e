import type { ListBatch } from '@bladerec/core';
import type { tf } from '../../backend/tf.js';
import type { BatchTargets } from '@bladerec/estimators';
import type { ReferenceCache } from '../reference-cache.js';

/** Log-probabilities under the policy being trained, inside the gradient tape of one step. */
export interface PolicyLogProbs {
  /** log π_θ of the step's policy rollouts (`groups·N` lists): list totals and per-token values. */
  rollouts(): { readonly total: tf.Tensor1D; readonly tokens: tf.Tensor2D };
  /** log π_θ of other lists of the step's contexts (`rows[r]` = the group of list r). */
  lists(lists: ListBatch, rows: ArrayLike<number>): tf.Tensor1D;
}

/** Everything about one step's batch that the loss terms read, computed before the gradient tape. */
export interface StepBatch {
  /** Groups (contexts) B. */
  readonly groups: number;
  /** Rollouts per group N. */
  readonly n: number;
  /** Context keys of the groups (indices into the alignment split and the reference cache). */
  readonly keys: Int32Array;
  /** Raw total rewards of the policy rollouts (`groups·N`). */
  readonly total: Float64Array;
  /** The target of every policy rollout: R_i, log w_i, F̃_i. */
  readonly targets: BatchTargets;
  /** Per group: 1 when it enters the loss, 0 when it is left out (all rewards tie and `skipTiedGroups`). */
  readonly signal: Uint8Array;
  /** M cached reference rollouts per context. */
  readonly cache: ReferenceCache;
  /** The best of N fresh reference samples per group (when a term needs it). */
  readonly referenceBest?: ListBatch;
  /** The best anchor sample per group (when a term needs it). */
  readonly anchorBest?: ListBatch;
  /** `align.kl` with form `in-reward`: per rollout `log π_θ(y) − log π_KL(y)` and the coefficient. */
  readonly inRewardKl?: { readonly logRatio: Float64Array; readonly coef: number | 'bon' };
}

/** A term prepared for one step: its loss inside the tape and what it logs. */
export interface PreparedLoss {
  loss(lp: PolicyLogProbs): tf.Scalar;
  readonly record: Readonly<Record<string, number>>;
}

/** What a term needs sampled or cached besides the step's policy rollouts. */
export interface LossNeeds {
  readonly referenceBest?: boolean;
  readonly anchorBest?: boolean;
  /** Cached reference rollouts per context it reads (the cache holds at least this many). */
  readonly cachedRollouts?: number;
  /** It reads the target estimator's outputs (R or log w), so the `blade/*` diagnostics describe it. */
  readonly target?: boolean;
}

/** One weighted term of `align.loss` (`docs/algorithms.md`). */
export interface LossTerm {
  readonly kind: string;
  readonly weight: number;
  readonly needs: LossNeeds;
  /**
   * For `kl.coef: 'bon'` with the k2 form: this term's share of Best-of-N's KL coefficient — its weight
   * times 1 when its reward is log w (which carries the factor N−1), times 1/(N−1) when the reward is
   * on the log F scale. Absent for terms that are not a policy gradient.
   */
  bonKlCoefficient?(n: number): number;
  /** For a policy-gradient term: its reward R_i before any KL (what the `blade/*` diagnostics describe). */
  rewardOf?(batch: Pick<StepBatch, 'targets' | 'total'>): ArrayLike<number>;
  prepare(batch: StepBatch): PreparedLoss;
}

/** `Σ_k coef_k · x_k` inside the tape. */
export function dotLoss(tfm: typeof tf, x: tf.Tensor1D, coef: Float32Array): tf.Scalar {
  return tfm.sum(tfm.mul(x, tfm.tensor1d(coef))) as tf.Scalar;
}
