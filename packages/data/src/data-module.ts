import { createRequire } from 'node:module';
import { type BladePlugin, CliContribution, type DatasetLoader, definePlugin } from '@bladerec/core';
import type { ContainerModule, Newable } from '@bladerec/core/inversify';
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
import { DatasetLoaderRegistry } from './registry/dataset-loader-registry.js';

/** The built-in loaders, one per format. */
export const builtinLoaders: readonly Newable<DatasetLoader>[] = [
  SprecLoader,
  D3CsvLoader,
  HistoryJsonlLoader,
  MovielensLoader,
  InteractionsLoader,
  CanonicalLoader,
  SyntheticLoader,
];

const commands: readonly Newable<CliContribution>[] = [
  DataFormatsCommand,
  DataInspectCommand,
  DataConvertCommand,
  DataSynthCommand,
];

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/**
 * The data package as a plugin: the built-in data set loaders (multi-bound to `DatasetLoader`, so
 * `blade plugins list` shows them), the {@link DatasetLoaderRegistry} and the `blade data …` commands
 * (multi-bound to `CliContribution`). Another plugin adds a format with `definePlugin({ loaders })`.
 */
export const dataPlugin: BladePlugin = definePlugin({
  meta: { name: pkg.name, version: pkg.version, namespace: 'data' },
  loaders: builtinLoaders.map((Loader) => new Loader()),
  bindings: ({ bind }) => {
    bind(DatasetLoaderRegistry).toSelf().inSingletonScope();
    for (const command of commands) {
      bind(command).toSelf().inSingletonScope();
      bind(CliContribution).toService(command);
    }
  },
});

/** {@link dataPlugin}'s container module, for containers built without plugins (`modules: [dataModule]`). */
export const dataModule: ContainerModule = dataPlugin.containerModule;
