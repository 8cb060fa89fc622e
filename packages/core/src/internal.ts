/**
 * @bladerec/core/internal — every module of core, for the bladerec packages themselves and for tools
 * that need more than the public API ({@link ./index.ts}): the definition registry base class, metric
 * guards, name parsing, ajv helpers, the WebAssembly assembler of the batched kernels.
 *
 * Not covered by semantic versioning: anything here may change in a minor release.
 */
import 'reflect-metadata';

export * from './errors/blade-error.js';

export * from './rewards/csr.js';
export * from './rewards/list-batch.js';
export * from './rewards/reward-inputs.js';
export * from './rewards/json-schema.js';
export * from './rewards/list-reward.js';
export * from './rewards/list-reward-definition.js';
export * from './rewards/metric-name.js';
export * from './rewards/metric-value-error.js';
export * from './rewards/guarded-metrics.js';
export * from './rewards/definition-registry.js';
export * from './rewards/list-reward-registry.js';
export * from './rewards/relevance-hits.js';

export * as wasm from './kernels/wasm-assembler.js';
export * from './kernels/kernel-pool.js';
export * from './kernels/metric-pool.js';
export * from './kernels/cpu-idleness.js';

export * from './metrics/corpus-metric.js';
export * from './metrics/corpus-metric-definition.js';
export * from './metrics/corpus-metric-registry.js';

export * from './objective/objective-config.js';
export * from './objective/composed-objective.js';
export * from './objective/objective-factory.js';

export * from './schema/ajv.js';
export * from './schema/typebox.js';
export * from './schema/config-issue.js';
export * from './schema/config-schema-contribution.js';
export * from './schema/config-schema-service.js';
export * from './schema/published-schema.js';
export * from './schema/schema-section.js';
export * from './schema/read-config-file.js';

export * from './plugins/plugin.js';
export * from './plugins/loaded-plugins.js';
export * from './plugins/plugin-loader.js';
export * from './plugins/plugins-config.js';

export * from './policy/policy.js';

export * from './alignment/reward-prior.js';
export * from './alignment/prior-store.js';
export * from './alignment/evidence-estimator.js';
export * from './alignment/target-estimator.js';
export * from './alignment/alignment-definitions.js';

export * from './data/catalog.js';
export * from './data/sequence-dataset.js';
export * from './data/dataset-loader.js';

export * from './evaluation/evaluator.js';

export * from './cli/cli-contribution.js';
export * from './cli/cli-io.js';
export * from './cli/command-group.js';

export * from './container/core-module.js';
export * from './container/create-container.js';
export * from './evaluation/create-evaluator.js';
export * from './plugins/unique-plugins.js';
