import { isUserError } from '../errors/blade-error.js';
import type { CorpusMetric } from '../metrics/corpus-metric.js';
import type { ListReward } from './list-reward.js';
import { MetricValueError } from './metric-value-error.js';
import { type RewardInputs, sliceInputs } from './reward-inputs.js';

/** A value inside `[lo, hi]`, allowing for rounding (relative 1e-9). */
function inRange(x: number, [lo, hi]: readonly [number, number]): boolean {
  if (!Number.isFinite(x)) return false;
  const slack = 1e-9 * Math.max(1, Math.abs(x));
  return x >= lo - slack && x <= hi + slack;
}

const describe = (x: number, range: readonly [number, number]) =>
  `returned ${x} (declared range [${range[0]}, ${range[1]}])`;
const thrown = (error: unknown, method = 'score') =>
  `${method} threw: ${error instanceof Error ? error.message : String(error)}`;

/**
 * Wraps a plugin's list reward so that a score that throws, is not finite or lies outside the
 * declared range becomes a {@link MetricValueError} naming the plugin, the metric and the row (the
 * first failing row is found by scoring the lists one by one, on the failure path only). Costs one
 * pass over the scores per call. User errors the reward throws itself pass through.
 */
export function guardReward(reward: ListReward, plugin = 'an unnamed plugin'): ListReward {
  const problem = (what: string, index?: number) =>
    new MetricValueError({ plugin, metric: reward.meta.name, kind: 'reward', index, what });
  const rowThatThrows = (inputs: RewardInputs, error: unknown): MetricValueError => {
    for (let b = 0; b < inputs.lists.size; b++) {
      try {
        reward.score(sliceInputs(inputs, b, b + 1));
      } catch (rowError) {
        return problem(thrown(rowError), b);
      }
    }
    return problem(thrown(error));
  };
  return {
    meta: reward.meta,
    score(inputs, out, passes) {
      let scores: Float64Array;
      try {
        scores = reward.score(inputs, out, passes);
      } catch (error) {
        if (isUserError(error)) throw error;
        throw rowThatThrows(inputs, error);
      }
      for (let b = 0; b < inputs.lists.size; b++) {
        if (!inRange(scores[b]!, reward.meta.range)) throw problem(describe(scores[b]!, reward.meta.range), b);
      }
      return scores;
    },
  };
}

/** {@link guardReward} for a corpus metric: one value per corpus, so no row is named. */
export function guardCorpusMetric(metric: CorpusMetric, plugin = 'an unnamed plugin'): CorpusMetric {
  const problem = (what: string) =>
    new MetricValueError({ plugin, metric: metric.meta.name, kind: 'corpus metric', what });
  return {
    meta: metric.meta,
    compute(inputs) {
      let value: number;
      try {
        value = metric.compute(inputs);
      } catch (error) {
        if (isUserError(error)) throw error;
        throw problem(thrown(error, 'compute'));
      }
      if (!inRange(value, metric.meta.range)) throw problem(describe(value, metric.meta.range));
      return value;
    },
  };
}
