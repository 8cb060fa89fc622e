import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BladeUserError, type DatasetLoader, type SequenceDataset, type SequenceExample } from '@bladerec/core';
import { type Static, Type } from '@bladerec/core';
import { injectable } from '@bladerec/core/inversify';
import { CatalogBuilder } from '../../catalog/catalog-builder.js';
import { commonOptionProperties } from '../../dataset/common-options.js';
import { finishDataset } from '../../dataset/finish-dataset.js';
import { LoadReportBuilder } from '../../dataset/load-report-builder.js';
import { locate } from '../../dataset/record-error.js';
import { validateOptions } from '../../dataset/validate-options.js';
import { readCsvRecords } from '../../io/csv-records.js';
import { readJsonLines } from '../../io/json-lines.js';
import { readLines } from '../../io/line-reader.js';
import { type D3Header, parseD3Header, parseD3Row } from './d3-row.js';
import { readPopularityGroups, readTitleCounts } from './d3-side-files.js';
import { parseItemsTxtLine } from './items-txt.js';
import { parseTrainTransition } from './train-transition.js';

/** Options of the `d3-csv` loader: the common ones. */
export const d3CsvOptionsSchema = Type.Object({ ...commonOptionProperties });
export type D3CsvOptions = Static<typeof d3CsvOptionsSchema>;

/**
 * D3 / BIGRec CSV data: a folder with `items.txt` (`title<TAB>id`), `valid.csv` and `test.csv`
 * (one history → next item per row; see {@link D3_COLUMNS}), training data from `train.csv` (same
 * columns) or else `train_transitions.jsonl` (`{"history": [ids], "next": id}`), and optionally
 * `popularity_groups.json` and `title_interaction_counts.json`. Without a counts file popularity is
 * the number of times an item is a training target.
 */
@injectable()
export class D3CsvLoader implements DatasetLoader {
  readonly format = 'd3-csv';
  readonly description =
    'D3/BIGRec CSV (user_id, …, history_item_id, item_id, … with Python-literal lists) with items.txt, train transitions and popularity groups';
  readonly optionsSchema = d3CsvOptionsSchema;

  async load(path: string, rawOptions?: Readonly<Record<string, unknown>>): Promise<SequenceDataset> {
    const options = validateOptions(d3CsvOptionsSchema, rawOptions, this.format);
    const file = (name: string) => join(path, name);
    for (const required of ['items.txt', 'valid.csv', 'test.csv']) {
      if (!existsSync(file(required)))
        throw new BladeUserError(
          `missing ${required} (a d3-csv folder has items.txt, valid.csv, test.csv and train.csv or train_transitions.jsonl)`,
          { file: path },
        );
    }
    const report = new LoadReportBuilder();

    const builder = new CatalogBuilder();
    const itemsFile = file('items.txt');
    const titlesSeen = new Set<string>();
    for await (const { line, text } of readLines(itemsFile)) {
      if (text.trim() === '') {
        report.count('blank-line');
        continue;
      }
      const { title, id } = locate({ file: itemsFile, line }, () => parseItemsTxtLine(text));
      if (builder.indexOf(id) >= 0)
        throw new BladeUserError(`duplicate item id ${JSON.stringify(id)}`, { file: itemsFile, line });
      if (titlesSeen.has(title)) report.count('duplicate-title');
      titlesSeen.add(title);
      builder.add({ id, title });
    }
    let catalog = builder.build();
    const indexOf = (id: string) => catalog.indexOf(id);

    const resolveHistory = (ids: readonly string[], titles: readonly string[] | undefined): Int32Array => {
      const out: number[] = [];
      ids.forEach((id, k) => {
        const i = indexOf(id);
        if (i < 0) report.count('unknown-item');
        else {
          if (titles && titles[k] !== catalog.titles[i]) report.count('title-mismatch');
          out.push(i);
        }
      });
      return Int32Array.from(out);
    };
    const readCsv = async (csvFile: string): Promise<SequenceExample[]> => {
      const examples: SequenceExample[] = [];
      let header: D3Header | undefined;
      for await (const { line, fields } of readCsvRecords(csvFile, { onBlank: () => report.count('blank-line') })) {
        const where = { file: csvFile, line };
        if (!header) {
          header = locate(where, () => parseD3Header(fields));
          continue;
        }
        const h = header;
        const row = locate(where, () => parseD3Row(fields, h));
        const target = indexOf(row.target);
        if (target < 0) {
          report.count('unknown-target');
          continue;
        }
        if (row.targetTitle !== undefined && row.targetTitle !== catalog.titles[target]) report.count('title-mismatch');
        const history = resolveHistory(row.history, row.historyTitles);
        examples.push(
          row.user === undefined
            ? { history, targets: Int32Array.of(target) }
            : { user: row.user, history, targets: Int32Array.of(target) },
        );
      }
      if (!header) throw new BladeUserError('empty CSV file (no header line)', { file: csvFile });
      return examples;
    };

    let train: SequenceExample[] = [];
    const trainCsv = file('train.csv');
    const transitions = file('train_transitions.jsonl');
    if (existsSync(trainCsv)) {
      train = await readCsv(trainCsv);
    } else if (existsSync(transitions)) {
      for await (const { line, value } of readJsonLines(transitions, () => report.count('blank-line'))) {
        const t = locate({ file: transitions, line }, () => parseTrainTransition(value));
        const target = indexOf(t.next);
        if (target < 0) {
          report.count('unknown-target');
          continue;
        }
        train.push({ history: resolveHistory(t.history, undefined), targets: Int32Array.of(target) });
      }
      report.note('train: train_transitions.jsonl (already one example per prefix: do not expand prefixes again)');
    } else {
      report.note('train: no train.csv or train_transitions.jsonl, the training split is empty');
    }
    const valid = await readCsv(file('valid.csv'));
    const test = await readCsv(file('test.csv'));

    const groups = await readPopularityGroups(file('popularity_groups.json'), indexOf, catalog.size, report);
    if (groups) catalog = catalog.withGroups(groups);
    const counts = await readTitleCounts(file('title_interaction_counts.json'), catalog.titles, groups?.of, report);
    if (counts) {
      catalog = catalog.withPopularity(counts);
    } else {
      const popularity = new Float64Array(catalog.size);
      for (const e of train) for (const t of e.targets) popularity[t]!++;
      catalog = catalog.withPopularity(popularity);
      report.note('popularity: number of times each item is a training target (no title_interaction_counts.json)');
    }
    return finishDataset(
      { name: basename(path), format: this.format, catalog, splits: { train, valid, test } },
      options,
      report,
      { popularityFromTrain: false },
    );
  }
}
