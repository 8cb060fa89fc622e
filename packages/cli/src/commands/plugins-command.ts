import {
  CliContribution,
  CliIo,
  type ComponentMeta,
  CorpusMetricRegistry,
  ListRewardRegistry,
  LoadedPlugins,
} from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { formatTable } from '../program/format-table.js';
import { collect } from '../program/plugin-flags.js';

/**
 * `blade plugins list`: the loaded plugins and what each contributes: rewards, corpus metrics, prior
 * stores, evidence and target estimators, and data set loaders.
 */
@injectable()
export class PluginsCommand implements CliContribution {
  constructor(
    @inject(LoadedPlugins) private readonly loaded: LoadedPlugins,
    @inject(ListRewardRegistry) private readonly rewards: ListRewardRegistry,
    @inject(CorpusMetricRegistry) private readonly corpus: CorpusMetricRegistry,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    const plugins = program.command('plugins').description('inspect reward plugins');
    plugins
      .command('list')
      .description('list loaded plugins with their rewards, corpus metrics, estimators and data loaders')
      .option('--plugin <name>', 'load a reward plugin package (repeatable)', collect)
      .option('--json', 'print JSON')
      .action((flags: { json?: boolean }) => this.list(flags));
  }

  list(flags: { json?: boolean }): void {
    const rewards = this.rewards.list();
    const metrics = this.corpus.list();
    const summary = (d: { meta: ComponentMeta }) => ({ id: d.meta.id, description: d.meta.description });
    const entries = this.loaded.plugins.map(({ plugin, request }) => ({
      name: plugin.meta.name,
      version: plugin.meta.version,
      namespace: plugin.meta.namespace,
      source: request,
      rewards: rewards
        .filter((r) => r.meta.plugin === plugin.meta.name)
        .map((r) => ({
          id: r.meta.id,
          description: r.meta.description,
          higherIsBetter: r.meta.higherIsBetter,
          alias: r.meta.atParameter ? `${r.meta.id}@N` : undefined,
        })),
      corpusMetrics: metrics
        .filter((m) => m.meta.plugin === plugin.meta.name)
        .map((m) => ({
          id: m.meta.id,
          description: m.meta.description,
          higherIsBetter: m.meta.higherIsBetter,
          alias: m.meta.atParameter ? `${m.meta.id}@N` : undefined,
        })),
      // plugins built with an older core carry no records of these kinds
      priorStores: Object.values(plugin.priorStores ?? {}).map(summary),
      evidenceEstimators: Object.values(plugin.evidenceEstimators ?? {}).map(summary),
      targetEstimators: Object.values(plugin.targetEstimators ?? {}).map(summary),
      loaders: Object.values(plugin.loaders ?? {}).map((l) => ({ format: l.format, description: l.description })),
    }));
    if (flags.json) {
      this.io.out(JSON.stringify({ plugins: entries }, null, 2) + '\n');
      return;
    }
    const rows: string[][] = [['plugin', 'kind', 'id', 'description']];
    for (const e of entries) {
      const head = `${e.name}@${e.version}`;
      const before = rows.length;
      for (const r of e.rewards) rows.push([head, 'reward', r.alias ?? r.id, r.description]);
      for (const m of e.corpusMetrics) rows.push([head, 'corpus', m.alias ?? m.id, m.description]);
      for (const d of e.priorStores) rows.push([head, 'prior', d.id, d.description]);
      for (const d of e.evidenceEstimators) rows.push([head, 'evidence', d.id, d.description]);
      for (const d of e.targetEstimators) rows.push([head, 'target', d.id, d.description]);
      for (const l of e.loaders) rows.push([head, 'loader', l.format, l.description]);
      if (rows.length === before)
        rows.push([head, '-', '-', '(contributes no rewards, metrics, estimators or loaders)']);
    }
    this.io.out(formatTable(rows));
  }
}
