import type { EvaluationResult, Evaluator, RewardInputs } from '@bladerec/core';

/**
 * The corpus metric every test evaluation reports per item group: the fairness plugin's
 * `group-exposure` (position-weighted share of the top-K exposure, Singh & Joachims 2018) at the
 * list length. Skipped where the item side has no groups or the plugin is not loaded.
 */
export const GROUP_EXPOSURE_METRIC = 'group-exposure';

/** Each item group's share of the exposure of a set of lists. */
export interface GroupExposure {
  /** The metric instance, e.g. `group-exposure@10`. */
  readonly metric: string;
  /** group name → share (Σ = 1 when any exposure is attributed, else all 0), in group order. */
  readonly shares: Readonly<Record<string, number>>;
}

/** An evaluation with the lists' per-group exposure, when the data set has item groups. */
export interface RecommenderEvaluation extends EvaluationResult {
  readonly exposure?: GroupExposure;
}

/**
 * {@link GROUP_EXPOSURE_METRIC}@`k` per item group of `inputs` (a separate pass after the requested
 * metrics: their values are untouched). `undefined` without item groups or without the metric.
 */
export function groupExposureOf(evaluator: Evaluator, inputs: RewardInputs, k: number): GroupExposure | undefined {
  const metric = `${GROUP_EXPOSURE_METRIC}@${k}`;
  const shares = evaluator.evaluatePerGroup(inputs, metric);
  return shares && { metric, shares };
}
