import { CorpusMetricRegistry } from '../metrics/corpus-metric-registry.js';
import type { LoadedPlugin } from '../plugins/loaded-plugins.js';
import type { BladePlugin } from '../plugins/plugin.js';
import { uniquePlugins } from '../plugins/unique-plugins.js';
import { ListRewardRegistry } from '../rewards/list-reward-registry.js';
import { Evaluator } from './evaluator.js';

/** What {@link createEvaluator} takes. */
export interface EvaluatorOptions {
  /**
   * Plugins whose list rewards (`plugin.rewards`) and corpus metrics (`plugin.corpusMetrics`) the
   * evaluator knows. The same plugin object given twice counts once.
   */
  readonly plugins: ReadonlyArray<BladePlugin | LoadedPlugin>;
}

/**
 * An {@link Evaluator} over the rewards and corpus metrics of `plugins`, for library users: no
 * container, no config file. Metric names, options, validation and errors are the same as in
 * `blade eval`, which resolves them through the container-built evaluator.
 *
 * Only definitions the plugins declare are known; services a plugin binds in its own `bindings`
 * need a container ({@link createBladeContainer}).
 *
 * @throws BladeUserError for two different plugins with one name, or two definitions with one id.
 *
 * @example
 * ```ts
 * import { createEvaluator, rewardInputsFromArrays } from '@bladerec/core';
 * import ndcg from '@bladerec/reward-ndcg';
 * import recall from '@bladerec/reward-recall';
 *
 * const evaluator = createEvaluator({ plugins: [ndcg, recall] });
 * const inputs = rewardInputsFromArrays({
 *   lists: [[3, 1, 2], [0, 4, 5]], // two users' ranked lists of catalog indices
 *   relevant: [[1], [5, 6]], // their held-out relevant items
 *   items: { numItems: 7 },
 * });
 * const { values } = evaluator.evaluate(inputs, ['ndcg@3', 'recall@3']);
 * ```
 */
export function createEvaluator(options: EvaluatorOptions): Evaluator {
  const plugins = uniquePlugins(options.plugins).map((p) => p.plugin);
  const rewards = new ListRewardRegistry(plugins.flatMap((p) => Object.values(p.rewards)));
  const corpus = new CorpusMetricRegistry(plugins.flatMap((p) => Object.values(p.corpusMetrics)));
  return new Evaluator(rewards, corpus);
}
