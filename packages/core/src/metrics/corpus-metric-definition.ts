import type { DefinitionMeta } from '../rewards/list-reward-definition.js';
import type { RewardInput } from '../rewards/reward-inputs.js';
import type { CorpusMetric, CorpusMetricProperty } from './corpus-metric.js';

export interface CorpusMetricDefinitionMeta extends DefinitionMeta {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a plugin's own options type must be assignable here
  readonly requires: readonly RewardInput[] | ((options: any) => readonly RewardInput[]);
  readonly properties: readonly CorpusMetricProperty[];
}

/** A corpus metric type contributed by a plugin (multi-bound to {@link CorpusMetricDefinition}). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds definitions of any options type
export interface CorpusMetricDefinition<Options = any> {
  readonly meta: CorpusMetricDefinitionMeta;
  create(options: Options): CorpusMetric;
}

/** Multi-binding service identifier for corpus metric definitions. */
export const CorpusMetricDefinition = Symbol.for('bladerec.CorpusMetricDefinition');
