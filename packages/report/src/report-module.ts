import { CliContribution } from '@bladerec/core';
import { ContainerModule, type Newable } from '@bladerec/core/inversify';
import { CompareCommand } from './commands/compare-command.js';
import { ReportCommand } from './commands/report-command.js';

const commands: Newable<CliContribution>[] = [ReportCommand, CompareCommand];

/**
 * Binds `blade report` and `blade compare`. Importable on its own (`@bladerec/report/module`): the
 * `blade` CLI loads it when `@bladerec/report` is installed; vega loads only when a chart renders.
 */
export const reportModule = new ContainerModule(({ bind }) => {
  for (const command of commands) {
    bind(command).toSelf().inSingletonScope();
    bind(CliContribution).toService(command);
  }
});
