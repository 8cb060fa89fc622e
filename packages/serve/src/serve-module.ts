import { CliContribution, ConfigSchemaContribution, schemaSection } from '@bladerec/core';
import { ContainerModule } from '@bladerec/core/inversify';
import { ServeCommand } from './commands/serve-command.js';
import { ServeOptions } from './config/serve-options.js';

/**
 * Binds `blade serve` and the config's `serve` section. Importable on its own
 * (`@bladerec/serve/module`): the `blade` CLI loads it when `@bladerec/serve` is installed.
 */
export const serveModule = new ContainerModule(({ bind }) => {
  bind(ConfigSchemaContribution).toConstantValue(schemaSection('serve', ServeOptions));
  bind(ServeCommand).toSelf().inSingletonScope();
  bind(CliContribution).toService(ServeCommand);
});
