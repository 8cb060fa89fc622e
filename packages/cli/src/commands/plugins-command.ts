import { CliContribution, CliIo, CorpusMetricRegistry, ListRewardRegistry, LoadedPlugins } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from 'inversify';
import { formatTable } from '../program/format-table.js';
import { collect } from '../program/plugin-flags.js';

/** `blade plugins list`: the loaded plugins and what each contributes. */
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
      .description('list loaded plugins with their rewards and corpus metrics')
      .option('--plugin <name>', 'load a reward plugin package (repeatable)', collect)
      .option('--json', 'print JSON')
      .action((flags: { json?: boolean }) => this.list(flags));
  }

  list(flags: { json?: boolean }): void {
    const rewards = this.rewards.list();
    const metrics = this.corpus.list();
    const entries = this.loaded.plugins.map(({ plugin, request }) => ({
      name: plugin.meta.name,
      version: plugin.meta.version,
      namespace: plugin.meta.namespace,
      source: request,
      rewards: rewards.filter((r) => r.meta.plugin === plugin.meta.name).map((r) => ({ id: r.meta.id, description: r.meta.description, higherIsBetter: r.meta.higherIsBetter, alias: r.meta.atParameter ? `${r.meta.id}@N` : undefined })),
      corpusMetrics: metrics.filter((m) => m.meta.plugin === plugin.meta.name).map((m) => ({ id: m.meta.id, description: m.meta.description, higherIsBetter: m.meta.higherIsBetter, alias: m.meta.atParameter ? `${m.meta.id}@N` : undefined })),
    }));
    if (flags.json) {
      this.io.out(JSON.stringify({ plugins: entries }, null, 2) + '\n');
      return;
    }
    const rows: string[][] = [['plugin', 'kind', 'id', 'description']];
    for (const e of entries) {
      const head = `${e.name}@${e.version}`;
      for (const r of e.rewards) rows.push([head, 'reward', r.alias ?? r.id, r.description]);
      for (const m of e.corpusMetrics) rows.push([head, 'corpus', m.alias ?? m.id, m.description]);
      if (e.rewards.length + e.corpusMetrics.length === 0) rows.push([head, '-', '-', '(no rewards or metrics)']);
    }
    this.io.out(formatTable(rows));
  }
}
