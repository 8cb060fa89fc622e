import type { RewardInput, RewardInputs } from '../rewards/reward-inputs.js';

/**
 * Properties a corpus metric declares (checked by `@bladerec/testkit`). Invariance to the order of
 * users and to renaming items is required of every corpus metric and need not be declared.
 */
export type CorpusMetricProperty = 'group-relabel-invariant' | 'category-relabel-invariant';

/** Metadata of a configured corpus metric instance. */
export interface CorpusMetricMeta {
  readonly id: string;
  /** Display name of this configured instance, e.g. `coverage@10`. */
  readonly name: string;
  readonly description: string;
  readonly higherIsBetter: boolean;
  readonly range: readonly [number, number];
  readonly requires: readonly RewardInput[];
  readonly properties: readonly CorpusMetricProperty[];
  /** Only the first `cutoff` positions of each list are used, if set. */
  readonly cutoff?: number;
}

/**
 * A metric defined over all users' lists at once (e.g. Gini, coverage, MGU), so it has no per-list
 * value and cannot be a training reward. Returns one finite number for the whole batch.
 */
export interface CorpusMetric {
  readonly meta: CorpusMetricMeta;
  compute(inputs: RewardInputs): number;
}
