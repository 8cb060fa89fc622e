import { injectable, multiInject, optional } from 'inversify';
import { DefinitionRegistry } from '../rewards/definition-registry.js';
import { guardCorpusMetric } from '../rewards/guarded-metrics.js';
import { requiredInputs } from '../rewards/list-reward-registry.js';
import type { CorpusMetric, CorpusMetricMeta } from './corpus-metric.js';
import { CorpusMetricDefinition } from './corpus-metric-definition.js';

/** Every corpus metric type known to a container (same rules as the reward registry). */
@injectable()
export class CorpusMetricRegistry extends DefinitionRegistry<CorpusMetricDefinition, CorpusMetric> {
  constructor(@multiInject(CorpusMetricDefinition) @optional() definitions: readonly CorpusMetricDefinition[] = []) {
    super('corpus metric', definitions ?? []);
  }

  /** Every created metric is guarded (see `guardCorpusMetric`). */
  protected override wrap(definition: CorpusMetricDefinition, instance: CorpusMetric): CorpusMetric {
    return guardCorpusMetric(instance, definition.meta.plugin);
  }
}

/** Metadata of a configured corpus metric, built from its definition (see `rewardMeta`). */
export function corpusMetricMeta(
  definition: CorpusMetricDefinition,
  options: Record<string, unknown>,
  specific: { range: readonly [number, number]; cutoff?: number; name?: string },
): CorpusMetricMeta {
  const { meta } = definition;
  const at = meta.atParameter ? options[meta.atParameter] : undefined;
  return {
    id: meta.id,
    name: specific.name ?? (at === undefined ? meta.id : `${meta.id}@${at}`),
    description: meta.description,
    higherIsBetter: meta.higherIsBetter,
    range: specific.range,
    requires: requiredInputs(definition, options),
    properties: meta.properties,
    cutoff: specific.cutoff,
  };
}
