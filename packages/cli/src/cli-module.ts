import { CliContribution } from '@bladerec/core';
import { ContainerModule, type Newable } from '@bladerec/core/inversify';
import { ConfigCommand } from './commands/config-command.js';
import { DemoCommand } from './commands/demo/demo-command.js';
import { EvalCommand } from './commands/eval/eval-command.js';
import { PluginNewCommand } from './commands/plugin-new/plugin-new-command.js';
import { PluginsCommand } from './commands/plugins-command.js';
import { SchemaCommand } from './commands/schema-command.js';

const commands: Newable<CliContribution>[] = [
  EvalCommand,
  PluginsCommand,
  PluginNewCommand,
  SchemaCommand,
  ConfigCommand,
  DemoCommand,
];

/**
 * The commands the CLI package itself contributes: `eval`, `plugins list`, `plugin new`, `schema`, `config validate`,
 * `demo`.
 */
export const cliModule = new ContainerModule(({ bind }) => {
  for (const command of commands) {
    bind(command).toSelf().inSingletonScope();
    bind(CliContribution).toService(command);
  }
});
