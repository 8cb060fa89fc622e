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
import { readJsonLines } from '../../io/json-lines.js';
import { parseHistoryRow, type TitledItem } from './history-row.js';

/** Options of the `history-jsonl` loader: the common ones. */
export const historyJsonlOptionsSchema = Type.Object({ ...commonOptionProperties });
export type HistoryJsonlOptions = Static<typeof historyJsonlOptionsSchema>;

/**
 * History → target-list JSONL (DLCRec style): a folder with `train.jsonl`, `valid.jsonl` and
 * `test.jsonl`, one `{"id", "history": [{"title", "genre"}], "target": [...]}` per line (see
 * {@link parseHistoryRow}). Items are identified by title: the catalog is every title seen (ids =
 * titles) in first-seen order over train, valid, test; an item's categories are the union of the
 * genres it was seen with (`genre-conflict` when they differ). Popularity = occurrences in the
 * training split.
 */
@injectable()
export class HistoryJsonlLoader implements DatasetLoader {
  readonly format = 'history-jsonl';
  readonly description =
    'history → target-list JSONL ({"id", "history": [{"title","genre"}], "target": [...]}) in train/valid/test.jsonl; catalog from the titles seen';
  readonly optionsSchema = historyJsonlOptionsSchema;

  async load(path: string, rawOptions?: Readonly<Record<string, unknown>>): Promise<SequenceDataset> {
    const options = validateOptions(historyJsonlOptionsSchema, rawOptions, this.format);
    const files = ['train', 'valid', 'test'].map((s) => join(path, `${s}.jsonl`));
    for (const f of files)
      if (!existsSync(f))
        throw new BladeUserError(
          `missing ${basename(f)} (a history-jsonl folder has train.jsonl, valid.jsonl and test.jsonl)`,
          { file: path },
        );
    const report = new LoadReportBuilder();
    const index = new Map<string, number>();
    const genres: string[][] = [];
    const titles: string[] = [];
    const conflicted = new Set<number>();
    const intern = (item: TitledItem): number => {
      let i = index.get(item.title);
      if (i === undefined) {
        i = titles.length;
        index.set(item.title, i);
        titles.push(item.title);
        genres.push([...new Set(item.genres)]);
        return i;
      }
      const known = genres[i]!;
      for (const g of item.genres) {
        if (!known.includes(g)) {
          if (known.length > 0 && !conflicted.has(i)) {
            conflicted.add(i);
            report.count('genre-conflict');
          }
          known.push(g);
        }
      }
      return i;
    };
    const splits: SequenceExample[][] = [];
    for (const file of files) {
      const examples: SequenceExample[] = [];
      const ids = new Set<string>();
      for await (const { line, value } of readJsonLines(file, () => report.count('blank-line'))) {
        const row = locate({ file, line }, () => parseHistoryRow(value));
        if (row.id !== undefined) {
          if (ids.has(row.id)) report.count('duplicate-row-id');
          ids.add(row.id);
        }
        const history = Int32Array.from(row.history.map(intern));
        const targets = Int32Array.from(row.target.map(intern));
        if (targets.length === 0) {
          report.count('empty-target');
          continue;
        }
        examples.push(row.user === undefined ? { history, targets } : { user: row.user, history, targets });
      }
      splits.push(examples);
    }
    report.count('missing-genre', genres.filter((g) => g.length === 0).length);
    const builder = new CatalogBuilder();
    titles.forEach((title, i) => builder.add({ id: title, title, categories: genres[i] }));
    const [train, valid, test] = splits as [SequenceExample[], SequenceExample[], SequenceExample[]];
    return finishDataset(
      { name: basename(path), format: this.format, catalog: builder.build(), splits: { train, valid, test } },
      options,
      report,
      { popularityFromTrain: true },
    );
  }
}
