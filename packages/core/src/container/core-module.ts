import { ContainerModule } from 'inversify';
import { CorpusMetricRegistry } from '../metrics/corpus-metric-registry.js';
import { ObjectiveFactory } from '../objective/objective-factory.js';
import { ListRewardRegistry } from '../rewards/list-reward-registry.js';
import { ConfigSchemaContribution } from '../schema/config-schema-contribution.js';
import { ConfigSchemaService } from '../schema/config-schema-service.js';
import { PluginsConfig } from '../plugins/plugins-config.js';
import { schemaSection } from '../schema/schema-section.js';
import { Evaluator } from '../evaluation/evaluator.js';
import { AlignmentComponents } from '../alignment/alignment-definitions.js';

/**
 * Core services: the registries, objective factory, config schema service (with the `plugins` section), evaluator
 * and the alignment component registries. Nobody replaces them, so each class is its own token (`toSelf()`);
 * the contribution points (definitions, schema sections, commands) stay symbols.
 */
export const coreModule = new ContainerModule(({ bind }) => {
  bind(ListRewardRegistry).toSelf().inSingletonScope();
  bind(CorpusMetricRegistry).toSelf().inSingletonScope();
  bind(ObjectiveFactory).toSelf().inSingletonScope();
  bind(ConfigSchemaContribution).toService(ObjectiveFactory);
  bind(ConfigSchemaContribution).toConstantValue(schemaSection('plugins', PluginsConfig));
  bind(ConfigSchemaService).toSelf().inSingletonScope();
  bind(Evaluator).toSelf().inSingletonScope();
  bind(AlignmentComponents).toSelf().inSingletonScope();
});
