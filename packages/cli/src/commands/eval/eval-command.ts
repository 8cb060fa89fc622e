import {
  availableInputs,
  BladeUserError,
  CliContribution,
  CliIo,
  type EvaluationResult,
  Evaluator,
  MetricValueError,
  type ResolvedMetric,
  type RewardInput,
} from '@bladerec/core';
import type { Command } from 'commander';
import { inject, injectable } from '@bladerec/core/inversify';
import { formatTable, formatValue } from '../../program/format-table.js';
import { collect } from '../../program/plugin-flags.js';
import { requireOptions } from '../../program/required-options.js';
import { type EvalInputs, readEvalInputs } from './eval-inputs.js';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

interface EvalFlags {
  lists: string;
  truth: string;
  catalog?: string;
  metric: string[];
  plugin?: string[];
  json?: boolean;
  perUser?: string;
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
    const command = program
      .command('eval')
      .description('evaluate ranked lists: per-list rewards are averaged over users, corpus metrics use all users')
      .option('--lists <jsonl>', '(required) ranked lists, one {"user","items"} object per line')
      .option('--truth <jsonl>', '(required) ground truth, one {"user","relevant","history"?} object per line')
      .option('--catalog <json>', 'item catalog {"items":[{"id","title"?,"categories"?,"group"?,"embedding"?}]}')
      .option(
        '--metric <name>',
        '(required, repeatable) metric to compute, e.g. ndcg@10, recall@10, ild, gini; options after a colon: ild@10:distance=jaccard, ndcg@5:gain=exp',
        collect,
      )
      .option('--plugin <name>', 'load a reward plugin package (repeatable)', collect)
      .option('--json', 'print one JSON object instead of a table')
      .option(
        '--per-user <file>',
        'also write one JSON line per user with the value of every list reward (corpus metrics have none), e.g. for significance tests',
      )
      .addHelpText(
        'after',
        [
          '',
          'Examples:',
          '  blade eval --lists lists.jsonl --truth truth.jsonl --metric ndcg@10 --metric recall@10',
          '  blade eval --lists lists.jsonl --truth truth.jsonl --catalog catalog.json --metric ild@10:distance=jaccard --metric gini@10 --json',
        ].join('\n'),
      );
    requireOptions(command, ['--lists', '--truth', '--metric']).action((flags: EvalFlags) => this.run(flags));
  }

  /** Evaluates, naming the user of a row whose score a plugin got wrong. */
  private evaluate(read: EvalInputs, metrics: readonly ResolvedMetric[]): EvaluationResult {
    try {
      return this.evaluator.evaluate(read.inputs, metrics);
    } catch (error) {
      const row = error instanceof MetricValueError ? error.problem.index : undefined;
      if (row !== undefined) throw (error as MetricValueError).withUser(read.users[row]!);
      throw error;
    }
  }

  async run(flags: EvalFlags): Promise<void> {
    const path = (p: string) => resolve(this.io.cwd, p);
    const metrics = flags.metric.map((written, i) => {
      if (flags.metric.indexOf(written) !== i) throw new BladeUserError(`--metric ${written} is given twice`);
      const { name, options } = parseMetricFlag(written);
      return { ...this.evaluator.resolve([name], options ? { [name]: options } : {})[0]!, name: written };
    });
    const read = await readEvalInputs({
      lists: path(flags.lists),
      truth: path(flags.truth),
      catalog: flags.catalog && path(flags.catalog),
    });
    const have = availableInputs(read.inputs);
    for (const { name, metric } of metrics) {
      const missing = metric.meta.requires.filter((r) => !have.has(r));
      if (missing.length === 0) continue;
      const where = missing.map((r) => SOURCE_OF[r]).join(' and ');
      const source = missing.some((r) => SOURCE_OF[r].startsWith('catalog'))
        ? flags.catalog
          ? `the catalog ${path(flags.catalog)} has none`
          : 'no --catalog was given'
        : `${path(flags.truth)} has none`;
      throw new BladeUserError(`metric '${name}' needs ${where}, but ${source}`);
    }
    const dropped = read.historyOutsideCatalog;
    const readsHistory = metrics.find(({ metric }) => metric.meta.requires.includes('history'));
    if (dropped.first && readsHistory) {
      const reason = `history item ${JSON.stringify(dropped.first.id)} is not in the catalog ${path(flags.catalog!)}, and metric '${readsHistory.name}' reads histories`;
      throw new BladeUserError(reason, { file: path(flags.truth), line: dropped.first.line });
    }
    const result = this.evaluate(read, metrics);
    if (flags.perUser)
      writePerUser(
        path(flags.perUser),
        read.users,
        metrics.map((m) => m.name),
        result.perList,
      );
    if (flags.json) {
      this.io.out(JSON.stringify({ ...result.values, users: result.users }) + '\n');
    } else {
      const rows = [
        ['metric', 'value'],
        ...metrics.map(({ name }) => [name, formatValue(result.values[name]!)]),
        ['users', String(result.users)],
      ];
      this.io.out(formatTable(rows));
    }
    const notes: string[] = [];
    if (read.unknownListItems > 0)
      notes.push(
        `${read.unknownListItems} list items are not in the catalog (scored as unknown items: no gain, position kept)`,
      );
    if (read.truthWithoutList > 0)
      notes.push(`${read.truthWithoutList} truth users have no list and are not evaluated`);
    if (dropped.count > 0)
      notes.push(
        `${dropped.count} history items are not in the catalog and were dropped (no metric here reads histories)`,
      );
    if (read.usersWithoutRelevant > 0)
      notes.push(`${read.usersWithoutRelevant} users have no relevant item (their accuracy metrics are 0)`);
    for (const note of notes) this.io.err(`note: ${note}\n`);
  }
}

/**
 * Writes `{"user": …, "<metric>": value, …}` per evaluated user, in the lists file's order, for every
 * list reward (corpus metrics have no per-user value and are left out).
 */
function writePerUser(
  file: string,
  users: readonly string[],
  names: readonly string[],
  perList: Readonly<Record<string, Float64Array>>,
): void {
  const listNames = names.filter((n) => perList[n] !== undefined);
  const lines = users.map((user, b) =>
    JSON.stringify({ user, ...Object.fromEntries(listNames.map((n) => [n, perList[n]![b]!])) }),
  );
  try {
    writeFileSync(file, lines.join('\n') + (lines.length > 0 ? '\n' : ''));
  } catch (error) {
    throw new BladeUserError(`cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      file,
    });
  }
}

/**
 * Splits a `--metric` value into the metric name and its options: `ild@10:distance=jaccard,k=5` →
 * `ild@10` and `{ distance: 'jaccard', k: 5 }`. A value is read as JSON when it parses (`k=5`,
 * `alpha=0.05`), else as a string (`distance=jaccard`).
 * @throws BladeUserError for an option without `=`, or an option given twice.
 */
export function parseMetricFlag(written: string): { name: string; options?: Record<string, unknown> } {
  const colon = written.indexOf(':');
  if (colon < 0) return { name: written };
  const options: Record<string, unknown> = {};
  for (const part of written.slice(colon + 1).split(',')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? '' : part.slice(0, eq).trim();
    if (key === '')
      throw new BladeUserError(
        `--metric ${written}: expected name:key=value[,key=value…], e.g. ild@10:distance=jaccard`,
      );
    if (key in options) throw new BladeUserError(`--metric ${written}: option '${key}' is given twice`);
    const text = part.slice(eq + 1).trim();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
    options[key] = value;
  }
  return { name: written.slice(0, colon), options };
}
