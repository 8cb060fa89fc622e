import { ContainerModule, type ContainerModuleLoadOptions } from 'inversify';
import type { CorpusMetricDefinition } from '../metrics/corpus-metric-definition.js';
import { CorpusMetricDefinition as CorpusMetricDefinitionId } from '../metrics/corpus-metric-definition.js';
import { ListRewardDefinition } from '../rewards/list-reward-definition.js';
import { DatasetLoader } from '../data/dataset-loader.js';
import {
  EvidenceEstimatorDefinition,
  PriorStoreDefinition,
  TargetEstimatorDefinition,
} from '../alignment/alignment-definitions.js';

/** Identity of a plugin; `name` and `version` normally come from its `package.json`. */
export interface BladePluginMeta {
  /** npm package name, e.g. `@bladerec/reward-ndcg`. */
  readonly name: string;
  readonly version: string;
  /** Short prefix users may write before ids (`ndcg/ndcg@10`); defaults to none. */
  readonly namespace?: string;
}

/**
 * A bladerec plugin: the default export of a plugin package (ESLint-style plugin object).
 * Build it with {@link definePlugin}; the host loads `containerModule` into its container.
 */
export interface BladePlugin {
  readonly meta: BladePluginMeta;
  /** Reward types by id. */
  readonly rewards: Readonly<Record<string, ListRewardDefinition>>;
  /** Corpus metric types by id. */
  readonly corpusMetrics: Readonly<Record<string, CorpusMetricDefinition>>;
  /**
   * Prior stores, evidence and target estimators by id, and data set loaders by format. Absent on
   * plugins built with an older core; read them as `plugin.priorStores ?? {}`.
   */
  readonly priorStores?: Readonly<Record<string, PriorStoreDefinition>>;
  readonly evidenceEstimators?: Readonly<Record<string, EvidenceEstimatorDefinition>>;
  readonly targetEstimators?: Readonly<Record<string, TargetEstimatorDefinition>>;
  readonly loaders?: Readonly<Record<string, DatasetLoader>>;
  /** Binds the rewards, metrics, alignment components, loaders and any other services of the plugin. */
  readonly containerModule: ContainerModule;
}

/** What {@link definePlugin} takes. */
export interface PluginSpec {
  readonly meta: BladePluginMeta;
  readonly rewards?: readonly ListRewardDefinition[];
  readonly corpusMetrics?: readonly CorpusMetricDefinition[];
  /** Alignment components: prior stores, evidence and target estimators (selected by id in configs). */
  readonly priorStores?: readonly PriorStoreDefinition[];
  readonly evidenceEstimators?: readonly EvidenceEstimatorDefinition[];
  readonly targetEstimators?: readonly TargetEstimatorDefinition[];
  /** Data set loaders, one per format (`blade data … --format <format>`, a config's `data.format`). */
  readonly loaders?: readonly DatasetLoader[];
  /** Extra bindings (CLI commands, services …), run after the contributions above are bound. */
  readonly bindings?: (options: ContainerModuleLoadOptions) => void;
}

/**
 * Builds a {@link BladePlugin}: stamps every definition with the plugin's name and namespace and
 * creates the `ContainerModule` that multi-binds them to {@link ListRewardDefinition},
 * {@link CorpusMetricDefinition}, the alignment component symbols and {@link DatasetLoader}.
 *
 * @example
 * ```ts
 * export default definePlugin({
 *   meta: { name: '@acme/bladerec-reward-novelty', version: '1.0.0', namespace: 'acme' },
 *   rewards: [novelty],
 * });
 * ```
 */
export function definePlugin(spec: PluginSpec): BladePlugin {
  const { meta } = spec;
  if (typeof meta?.name !== 'string' || meta.name === '')
    throw new TypeError('definePlugin: meta.name must be a non-empty string');
  if (typeof meta.version !== 'string' || meta.version === '')
    throw new TypeError(`definePlugin(${meta.name}): meta.version must be a non-empty string`);
  const stamp = <D extends { meta: object }>(d: D): D =>
    ({ ...d, meta: { ...d.meta, plugin: meta.name, namespace: meta.namespace } }) as D;
  const rewards = (spec.rewards ?? []).map(stamp);
  const corpusMetrics = (spec.corpusMetrics ?? []).map(stamp);
  const priorStores = (spec.priorStores ?? []).map(stamp);
  const evidenceEstimators = (spec.evidenceEstimators ?? []).map(stamp);
  const targetEstimators = (spec.targetEstimators ?? []).map(stamp);
  const loaders = spec.loaders ?? [];
  const containerModule = new ContainerModule((options) => {
    for (const reward of rewards) options.bind(ListRewardDefinition).toConstantValue(reward);
    for (const metric of corpusMetrics) options.bind(CorpusMetricDefinitionId).toConstantValue(metric);
    for (const d of priorStores) options.bind(PriorStoreDefinition).toConstantValue(d);
    for (const d of evidenceEstimators) options.bind(EvidenceEstimatorDefinition).toConstantValue(d);
    for (const d of targetEstimators) options.bind(TargetEstimatorDefinition).toConstantValue(d);
    for (const loader of loaders) options.bind(DatasetLoader).toConstantValue(loader);
    spec.bindings?.(options);
  });
  return {
    meta,
    rewards: Object.fromEntries(rewards.map((r) => [r.meta.id, r])),
    corpusMetrics: Object.fromEntries(corpusMetrics.map((m) => [m.meta.id, m])),
    priorStores: byId(priorStores),
    evidenceEstimators: byId(evidenceEstimators),
    targetEstimators: byId(targetEstimators),
    loaders: Object.fromEntries(loaders.map((l) => [l.format, l])),
    containerModule,
  };
}

const byId = <D extends { meta: { id: string } }>(definitions: readonly D[]): Record<string, D> =>
  Object.fromEntries(definitions.map((d) => [d.meta.id, d]));

/** Structural check for objects that claim to be plugins (works across copies of inversify). */
export function isBladePlugin(value: unknown): value is BladePlugin {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<BladePlugin>;
  return (
    typeof p.meta?.name === 'string' &&
    typeof p.meta.version === 'string' &&
    typeof p.rewards === 'object' &&
    typeof p.corpusMetrics === 'object' &&
    typeof (p.containerModule as { load?: unknown } | undefined)?.load === 'function'
  );
}
