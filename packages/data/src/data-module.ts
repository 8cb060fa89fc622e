import { CliContribution, DatasetLoader } from '@bladerec/core';
import { ContainerModule, type Newable } from 'inversify';
import { DataConvertCommand } from './cli/data-convert-command.js';
import { DataFormatsCommand } from './cli/data-formats-command.js';
import { DataInspectCommand } from './cli/data-inspect-command.js';
import { DataSynthCommand } from './cli/data-synth-command.js';
import { CanonicalLoader } from './loaders/canonical/canonical-loader.js';
import { D3CsvLoader } from './loaders/d3-csv/d3-csv-loader.js';
import { HistoryJsonlLoader } from './loaders/history-jsonl/history-jsonl-loader.js';
import { InteractionsLoader } from './loaders/interactions/interactions-loader.js';
import { MovielensLoader } from './loaders/movielens/movielens-loader.js';
import { SprecLoader } from './loaders/sprec/sprec-loader.js';
import { SyntheticLoader } from './loaders/synthetic/synthetic-loader.js';
import { DatasetLoaderRegistry, DatasetLoaderRegistryImpl } from './registry/dataset-loader-registry.js';

/** The built-in loaders, one per format. */
export const builtinLoaders: readonly Newable<DatasetLoader>[] = [SprecLoader, D3CsvLoader, HistoryJsonlLoader, MovielensLoader, InteractionsLoader, CanonicalLoader, SyntheticLoader];

const commands: readonly Newable<CliContribution>[] = [DataFormatsCommand, DataInspectCommand, DataConvertCommand, DataSynthCommand];

/**
 * Binds the built-in data set loaders (multi-bound to `DatasetLoader`), the
 * {@link DatasetLoaderRegistry} and the `blade data …` commands (multi-bound to `CliContribution`).
 * A plugin adds a format with `bind(DatasetLoader).to(MyLoader)`.
 */
export const dataModule = new ContainerModule(({ bind }) => {
  for (const loader of builtinLoaders) {
    bind(loader).toSelf().inSingletonScope();
    bind(DatasetLoader).toService(loader);
  }
  bind(DatasetLoaderRegistryImpl).toSelf().inSingletonScope();
  bind(DatasetLoaderRegistry).toService(DatasetLoaderRegistryImpl);
  for (const command of commands) {
    bind(command).toSelf().inSingletonScope();
    bind(CliContribution).toService(command);
  }
});
