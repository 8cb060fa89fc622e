import { BladeUserError, type Evaluator, type ItemSide, type ListReward, type ResolvedMetric } from '@bladerec/core';
import { evaluationInputs } from './example-batches.js';

/** Options of metric instances, keyed by the instance name as listed in `metrics`. */
export type MetricOptions = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * The metrics an evaluation reports: instance names (`ndcg@10`, `mgu@10`) and, for any of them,
 * options (`{ 'mgu@10': { attribute: 'group' } }` scores MGU over item groups instead of
 * categories). Configs carry both as `metrics` and `metricOptions`.
 */
export interface MetricSelection {
  readonly metrics: readonly string[];
  readonly metricOptions?: MetricOptions;
  /**
   * The run's objective (alignment and Best-of-N runs): the metric name {@link OBJECTIVE_METRIC}
   * resolves to it, so validation can monitor, and test can report, exactly what was optimised —
   * for a composite objective, its weighted total per list.
   */
  readonly objective?: ListReward;
}

/** The metric name of the run's own objective (`align.metrics: [objective, ndcg@10]`). */
export const OBJECTIVE_METRIC = 'objective';

/**
 * Resolves a selection through the evaluator's registries.
 * @throws BladeUserError when `metricOptions` names a metric that `metrics` does not list (a typo
 *   would otherwise be ignored), for unknown metrics and for invalid options.
 */
export function resolveMetrics(evaluator: Evaluator, selection: MetricSelection): ResolvedMetric[] {
  const options = selection.metricOptions ?? {};
  const stray = Object.keys(options).filter((name) => !selection.metrics.includes(name));
  if (stray.length > 0) {
    throw new BladeUserError(
      `metricOptions names ${stray.map((s) => `'${s}'`).join(', ')}, which metrics does not list (metrics: ${selection.metrics.join(', ')})`,
    );
  }
  if (!selection.metrics.includes(OBJECTIVE_METRIC))
    return evaluator.resolve(selection.metrics, options as Record<string, Record<string, unknown>>);
  const objective = selection.objective;
  if (objective === undefined)
    throw new BladeUserError(
      `metric '${OBJECTIVE_METRIC}' is the run's objective: only alignment and Best-of-N runs have one`,
    );
  if (OBJECTIVE_METRIC in options)
    throw new BladeUserError(
      `metricOptions cannot configure '${OBJECTIVE_METRIC}': it is the run's objective (set its terms under objective)`,
    );
  const others = evaluator.resolve(
    selection.metrics.filter((m) => m !== OBJECTIVE_METRIC),
    options as Record<string, Record<string, unknown>>,
  );
  return selection.metrics.map((m) =>
    m === OBJECTIVE_METRIC ? { name: m, kind: 'list', metric: objective } : others.shift()!,
  );
}

/**
 * Fails fast, before any training: resolves the selection and scores an empty batch against the
 * catalog's item side, so unknown metrics, invalid options and inputs the data lacks (MGU without
 * item categories) are reported at start rather than at the first evaluation.
 * @throws BladeUserError as {@link resolveMetrics} and {@link Evaluator.evaluate} do.
 */
export function validateMetrics(evaluator: Evaluator, selection: MetricSelection, items: ItemSide, k: number): void {
  evaluator.evaluate(
    evaluationInputs([], { size: 0, width: k, items: new Int32Array(0) }, items),
    resolveMetrics(evaluator, selection),
  );
}
