import { resolve } from 'node:path';
import { CliContribution, CliIo, formatTable } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { type DatasetStats, datasetStats, type LengthStats } from '../dataset/dataset-stats.js';
import { LOAD_RULES } from '../dataset/load-rules.js';
import { DatasetLoaderRegistry } from '../registry/dataset-loader-registry.js';
import { dataCommandGroup } from './data-command-group.js';
import { collectOption, parseOptionFlags } from './loader-option-flags.js';

interface InspectFlags {
  format: string;
  option?: string[];
  json?: boolean;
}

/** `blade data inspect <path> --format <name>`: loads a data set and prints its counts and load report. */
@injectable()
export class DataInspectCommand implements CliContribution {
  constructor(
    @inject(DatasetLoaderRegistry) private readonly registry: DatasetLoaderRegistry,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    dataCommandGroup(program)
      .command('inspect')
      .description(
        'load a data set and print users, items, examples, history lengths, genres, unknown titles and the load report',
      )
      .argument('[path]', 'data set file or folder (none for a generated format such as synthetic)')
      .requiredOption('--format <name>', 'data format (see blade data formats)')
      .option('--option <key=value>', 'loader option, e.g. --option kCore=10 (repeatable)', collectOption)
      .option('--json', 'print one JSON object')
      .addHelpText(
        'after',
        '\nExamples:\n  blade data inspect data/goodreads --format sprec\n  blade data inspect --format synthetic --option seed=5',
      )
      .action((path: string | undefined, flags: InspectFlags) => this.run(path, flags));
  }

  async run(path: string | undefined, flags: InspectFlags): Promise<void> {
    const dataset = await this.registry.load(
      path === undefined ? undefined : resolve(this.io.cwd, path),
      flags.format,
      parseOptionFlags(flags.option),
    );
    const stats = datasetStats(dataset);
    if (flags.json) {
      this.io.out(JSON.stringify(stats, null, 2) + '\n');
      return;
    }
    this.io.out(renderStats(stats));
  }
}

/** The human-readable inspect report. */
export function renderStats(s: DatasetStats): string {
  const out: string[] = [];
  out.push(`data set ${s.name} (format ${s.format})`);
  out.push(
    formatTable([
      ['items', String(s.items)],
      ['users', s.users > 0 ? String(s.users) : '- (no user ids)'],
      ['examples', `train ${s.examples.train}, valid ${s.examples.valid}, test ${s.examples.test}`],
      ['unknown titles', String(s.unknownTitles)],
      ['popularity', `${s.popularity.total} interactions, ${s.popularity.itemsWithZero} items with none`],
      ['embeddings', s.embeddings ? `${s.embeddings.source} (${s.embeddings.dim} dimensions)` : 'none'],
    ]).trimEnd(),
  );
  const lengthRow = (name: string, l: LengthStats) => [
    name,
    String(l.min),
    fmt(l.median),
    fmt(l.mean),
    String(l.max),
    Object.entries(l.buckets)
      .map(([b, n]) => `${b}:${n}`)
      .join(' '),
  ];
  out.push('\nhistory length');
  out.push(
    formatTable([
      ['split', 'min', 'median', 'mean', 'max', 'distribution'],
      ...(['train', 'valid', 'test'] as const).map((k) => lengthRow(k, s.historyLength[k])),
    ]).trimEnd(),
  );
  out.push('\ntarget length');
  out.push(
    formatTable([
      ['split', 'min', 'median', 'mean', 'max', 'distribution'],
      ...(['train', 'valid', 'test'] as const).map((k) => lengthRow(k, s.targetLength[k])),
    ]).trimEnd(),
  );
  out.push(`\ngenres (${s.genres.length}; ${s.itemsWithoutGenre} items without a genre)`);
  if (s.genres.length > 0)
    out.push(formatTable([['genre', 'items'], ...s.genres.map((g) => [g.name, String(g.items)])]).trimEnd());
  if (s.groups) {
    out.push(`\npopularity groups (${s.groups.length})`);
    out.push(formatTable([['group', 'items'], ...s.groups.map((g) => [g.name, String(g.items)])]).trimEnd());
  }
  out.push('\nload report');
  const counts = Object.entries(s.report.counts);
  if (counts.length === 0) out.push('no rule applied');
  else
    out.push(
      formatTable([
        ['rule', 'count', 'meaning'],
        ...counts.map(([rule, n]) => [rule, String(n), (LOAD_RULES as Record<string, string>)[rule] ?? '']),
      ]).trimEnd(),
    );
  for (const note of s.report.notes) out.push(`note: ${note}`);
  return out.join('\n') + '\n';
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
