import { ContainerModule } from 'inversify';
import { CorpusMetricRegistry, CorpusMetricRegistryImpl } from '../metrics/corpus-metric-registry.js';
import { ObjectiveFactory, ObjectiveFactoryImpl } from '../objective/objective-factory.js';
import { ListRewardRegistry, ListRewardRegistryImpl } from '../rewards/list-reward-registry.js';
import { ConfigSchemaContribution } from '../schema/config-schema-contribution.js';
import { ConfigSchemaService, ConfigSchemaServiceImpl } from '../schema/config-schema-service.js';
import { PluginsConfig } from '../plugins/plugins-config.js';
import { schemaSection } from '../schema/schema-section.js';
import { Evaluator, EvaluatorImpl } from '../evaluation/evaluator.js';
import { AlignmentComponents, AlignmentComponentsImpl } from '../alignment/alignment-definitions.js';

/** Core services: the registries, objective factory, config schema service (with the `plugins` section), evaluator and the alignment component registries. */
export const coreModule = new ContainerModule(({ bind }) => {
  bind(ListRewardRegistryImpl).toSelf().inSingletonScope();
  bind(ListRewardRegistry).toService(ListRewardRegistryImpl);
  bind(CorpusMetricRegistryImpl).toSelf().inSingletonScope();
  bind(CorpusMetricRegistry).toService(CorpusMetricRegistryImpl);
  bind(ObjectiveFactoryImpl).toSelf().inSingletonScope();
  bind(ObjectiveFactory).toService(ObjectiveFactoryImpl);
  bind(ConfigSchemaContribution).toService(ObjectiveFactoryImpl);
  bind(ConfigSchemaContribution).toConstantValue(schemaSection('plugins', PluginsConfig));
  bind(ConfigSchemaServiceImpl).toSelf().inSingletonScope();
  bind(ConfigSchemaService).toService(ConfigSchemaServiceImpl);
  bind(EvaluatorImpl).toSelf().inSingletonScope();
  bind(Evaluator).toService(EvaluatorImpl);
  bind(AlignmentComponentsImpl).toSelf().inSingletonScope();
  bind(AlignmentComponents).toService(AlignmentComponentsImpl);
});
