import { availableInputs, BladeUserError, CliContribution, CliIo, Evaluator, type RewardInput } from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from 'inversify';
import { formatTable, formatValue } from '../../program/format-table.js';
import { collect } from '../../program/plugin-flags.js';
import { readEvalInputs } from './eval-inputs.js';
import { resolve } from 'node:path';

interface EvalFlags {
  lists: string;
  truth: string;
  catalog?: string;
  metric: string[];
  plugin?: string[];
  json?: boolean;
}

const SOURCE_OF: Record<RewardInput, string> = {
  relevance: 'truth "relevant"',
  history: 'truth "history"',
  categories: 'catalog "categories"',
  groups: 'catalog "group"',
  embeddings: 'catalog "embedding"',
  popularity: 'catalog "popularity"',
};

/** `blade eval`: scores ranked lists against ground truth with any registered metric. */
@injectable()
export class EvalCommand implements CliContribution {
  constructor(
    @inject(Evaluator) private readonly evaluator: Evaluator,
    @inject(CliIo) private readonly io: CliIo,
  ) {}

  register(program: Command): void {
    program
      .command('eval')
      .description('evaluate ranked lists: per-list rewards are averaged over users, corpus metrics use all users')
      .requiredOption('--lists <jsonl>', 'ranked lists, one {"user","items"} object per line')
      .requiredOption('--truth <jsonl>', 'ground truth, one {"user","relevant","history"?} object per line')
      .option('--catalog <json>', 'item catalog {"items":[{"id","title"?,"categories"?,"group"?,"embedding"?}]}')
      .requiredOption('--metric <name>', 'metric to compute, e.g. ndcg@10, recall@10, ild, gini (repeatable)', collect)
      .option('--plugin <name>', 'load a reward plugin package (repeatable)', collect)
      .option('--json', 'print one JSON object instead of a table')
      .action((flags: EvalFlags) => this.run(flags));
  }

  async run(flags: EvalFlags): Promise<void> {
    const path = (p: string) => resolve(this.io.cwd, p);
    const metrics = this.evaluator.resolve(flags.metric);
    const read = await readEvalInputs({ lists: path(flags.lists), truth: path(flags.truth), catalog: flags.catalog && path(flags.catalog) });
    const have = availableInputs(read.inputs);
    for (const { name, metric } of metrics) {
      const missing = metric.meta.requires.filter((r) => !have.has(r));
      if (missing.length === 0) continue;
      const where = missing.map((r) => SOURCE_OF[r]).join(' and ');
      const source = missing.some((r) => SOURCE_OF[r].startsWith('catalog'))
        ? flags.catalog ? `the catalog ${flags.catalog} has none` : 'no --catalog was given'
        : `${flags.truth} has none`;
      throw new BladeUserError(`metric '${name}' needs ${where}, but ${source}`);
    }
    const result = this.evaluator.evaluate(read.inputs, metrics);
    if (flags.json) {
      this.io.out(JSON.stringify({ ...result.values, users: result.users }) + '\n');
    } else {
      const rows = [['metric', 'value'], ...metrics.map(({ name }) => [name, formatValue(result.values[name]!)]), ['users', String(result.users)]];
      this.io.out(formatTable(rows));
    }
    const notes: string[] = [];
    if (read.unknownListItems > 0) notes.push(`${read.unknownListItems} list items are not in the catalog (scored as unknown items: no gain, position kept)`);
    if (read.truthWithoutList > 0) notes.push(`${read.truthWithoutList} truth users have no list and are not evaluated`);
    if (read.usersWithoutRelevant > 0) notes.push(`${read.usersWithoutRelevant} users have no relevant item (their accuracy metrics are 0)`);
    for (const note of notes) this.io.err(`note: ${note}\n`);
  }
}
