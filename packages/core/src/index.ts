/**
 * @bladerec/core — contracts and mechanisms of bladerec: what a plugin author implements and what a
 * library user calls. Internals (metric guards, name parsing, ajv helpers, the WebAssembly
 * assembler) are in `@bladerec/core/internal`, outside semantic versioning.
 *
 * - evaluation: {@link createEvaluator}, {@link Evaluator}
 * - rewards: {@link ListReward}, {@link ListRewardDefinition}, {@link ListRewardRegistry}, batch types
 * - metrics: {@link CorpusMetric}, {@link CorpusMetricDefinition}, {@link CorpusMetricRegistry}
 * - objective: {@link ComposedObjective}, {@link ObjectiveFactory}
 * - schema: {@link ConfigSchemaService}, {@link ConfigSchemaContribution}, config errors
 * - plugins: {@link definePlugin}, {@link loadPlugin}
 * - alignment: {@link PriorStore}, {@link EvidenceEstimator}, {@link TargetEstimator} and their definitions
 * - data: {@link Catalog}, {@link SequenceDataset}, {@link DatasetLoader}
 * - container: {@link createBladeContainer}, {@link coreModule}
 *
 * @packageDocumentation
 */
import 'reflect-metadata';

export { BladeUserError, isUserError } from './errors/blade-error.js';
export { type ConfigIssue, BladeConfigError } from './schema/config-issue.js';
export { type MetricValueProblem, MetricValueError } from './rewards/metric-value-error.js';

export { type Csr, csrFromArrays, csrRow } from './rewards/csr.js';
export { type ListBatch, PAD_ITEM, UNKNOWN_ITEM, listBatchFromArrays } from './rewards/list-batch.js';
export {
  type ItemSide,
  type RelevanceBatch,
  type RewardInput,
  type RewardInputs,
  availableInputs,
  rewardInputsFromArrays,
  sliceInputs,
} from './rewards/reward-inputs.js';
export type { JsonSchema } from './rewards/json-schema.js';
export type { ListReward, ListRewardMeta, RewardProperty, UnknownItemPolicy } from './rewards/list-reward.js';
export {
  type ComponentMeta,
  type DefinitionMeta,
  type ListRewardDefinitionMeta,
  ListRewardDefinition,
} from './rewards/list-reward-definition.js';
export type { MetricName } from './rewards/metric-name.js';
export {
  type ComponentRegistry,
  type Definition,
  type ReferenceSite,
  DefinitionRegistry,
} from './rewards/definition-registry.js';
export { ListRewardRegistry, rewardMeta } from './rewards/list-reward-registry.js';
export {
  type RelevanceHits,
  relevanceHits,
  relevanceHitsOf,
  relevanceHitsPass,
  scratchHits,
  singleTargetHits,
  singleTargetHitsOf,
  singleTargetHitsPass,
} from './rewards/relevance-hits.js';
export { type SharedPass, SharedPasses } from './rewards/shared-passes.js';

export type { CorpusMetric, CorpusMetricMeta, CorpusMetricProperty } from './metrics/corpus-metric.js';
export { type CorpusMetricDefinitionMeta, CorpusMetricDefinition } from './metrics/corpus-metric-definition.js';
export { CorpusMetricRegistry, corpusMetricMeta } from './metrics/corpus-metric-registry.js';

export {
  type ResolvedTermConfig,
  ObjectiveConfig,
  ObjectiveTermConfig,
  TermNormalization,
} from './objective/objective-config.js';
export { type ObjectiveTerm, type TermScores, ComposedObjective } from './objective/composed-objective.js';
export { ObjectiveFactory } from './objective/objective-factory.js';

export { type Static, type TSchema, Type } from './schema/typebox.js';
export { type SectionSchema, ConfigSchemaContribution } from './schema/config-schema-contribution.js';
export { ConfigSchemaService } from './schema/config-schema-service.js';
export { schemaSection } from './schema/schema-section.js';
export { readConfigFile } from './schema/read-config-file.js';

export {
  type BladePlugin,
  type BladePluginMeta,
  type PluginSpec,
  definePlugin,
  isBladePlugin,
} from './plugins/plugin.js';
export { type LoadedPlugin, LoadedPlugins } from './plugins/loaded-plugins.js';
export { loadPlugin } from './plugins/plugin-loader.js';

export type { DecodeOptions, Policy, RandomSource, SampleOptions, SampledLists } from './policy/policy.js';

export type { RewardPrior } from './alignment/reward-prior.js';
export type { PriorStore, PriorStoreState } from './alignment/prior-store.js';
export type { EvidenceEstimator, GroupEvidence } from './alignment/evidence-estimator.js';
export type { RolloutTargets, TargetEstimator } from './alignment/target-estimator.js';
export {
  AlignmentComponents,
  EvidenceEstimatorDefinition,
  PriorStoreDefinition,
  TargetEstimatorDefinition,
} from './alignment/alignment-definitions.js';

export type { Catalog } from './data/catalog.js';
export type { DatasetSplits, LoadReport, SequenceDataset, SequenceExample } from './data/sequence-dataset.js';
export { DatasetLoader } from './data/dataset-loader.js';

export { type EvaluationResult, type ResolvedMetric, Evaluator } from './evaluation/evaluator.js';
export { type EvaluatorOptions, createEvaluator } from './evaluation/create-evaluator.js';

export { CliContribution } from './cli/cli-contribution.js';
export { CliIo, processIo } from './cli/cli-io.js';
export { commandGroup } from './cli/command-group.js';
export { formatTable } from './cli/format-table.js';

export { coreModule } from './container/core-module.js';
export { type BladeContainerOptions, createBladeContainer } from './container/create-container.js';
