import { CliContribution, type ConfigIssue, ConfigSchemaContribution, schemaSection } from '@bladerec/core';
import { ContainerModule, type Newable } from '@bladerec/core/inversify';
import { CacheCommand } from './cli/cache-command.js';
import { RunSetup } from './cli/run-setup.js';
import { TrainSftCommand } from './cli/train-sft-command.js';
import { TrainAlignCommand } from './cli/train-align-command.js';
import { TrainBonCommand } from './cli/train-bon-command.js';
import { AlignConfig } from './align/align-config.js';
import { DataConfig } from './config/data-config.js';
import { checkTransformerConfig, TransformerConfig } from './model/transformer-config.js';
import { SftConfig } from './sft/sft-config.js';

/** The transformer's cross-field checks (`dModel` divisible by `heads` …) as config issues. */
function modelIssues(model: TransformerConfig, base: string): ConfigIssue[] {
  return checkTransformerConfig(model).map((problem) => {
    const colon = problem.indexOf(': ');
    return { path: `${base}.${problem.slice(0, colon)}`, message: problem.slice(colon + 2), rule: 'cross-field' };
  });
}

const commands: Newable<CliContribution>[] = [TrainSftCommand, TrainAlignCommand, TrainBonCommand, CacheCommand];

/**
 * Binds the trainer's config sections (`data`, `model`, `sft`, `align`), its `blade train …` commands and
 * `blade cache`. Importable on its own (`@bladerec/trainer/module`) without loading TensorFlow.js: the
 * commands load the training code when they run.
 */
export const trainerModule = new ContainerModule(({ bind }) => {
  bind(ConfigSchemaContribution).toConstantValue(schemaSection('data', DataConfig));
  bind(ConfigSchemaContribution).toConstantValue(
    schemaSection('model', TransformerConfig, {
      check: (model: TransformerConfig, site) => modelIssues(model, site.path ?? 'model'),
    }),
  );
  bind(ConfigSchemaContribution).toConstantValue(schemaSection('sft', SftConfig));
  bind(ConfigSchemaContribution).toConstantValue(schemaSection('align', AlignConfig));
  bind(RunSetup).toSelf().inSingletonScope();
  for (const command of commands) {
    bind(command).toSelf().inSingletonScope();
    bind(CliContribution).toService(command);
  }
});
