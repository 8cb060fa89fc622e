import { existsSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { BladeUserError, type DatasetLoader, type SequenceDataset } from '@bladerec/core';
import type { Static } from '@sinclair/typebox';
import { injectable } from '@bladerec/core/inversify';
import { LoadReportBuilder } from '../../dataset/load-report-builder.js';
import { locate } from '../../dataset/record-error.js';
import { validateOptions } from '../../dataset/validate-options.js';
import { interactionOptionsSchema } from '../../interactions/interaction-options.js';
import { InteractionTable } from '../../interactions/interaction-table.js';
import { interactionsToDataset } from '../../interactions/interactions-to-dataset.js';
import { readCsvRecords } from '../../io/csv-records.js';
import { readJsonLines } from '../../io/json-lines.js';
import {
  type InteractionHeader,
  type InteractionRecord,
  parseInteractionFields,
  parseInteractionHeader,
  parseInteractionJson,
} from './interaction-record.js';

/** Options of the `interactions` loader: the interaction options, no rating threshold and `kCore` 5 by default. */
export const interactionsOptionsSchema = interactionOptionsSchema({ kCore: 5 });
export type InteractionsOptions = Static<typeof interactionsOptionsSchema>;

/**
 * Generic interactions: a CSV/TSV file with a header (`user,item,timestamp[,rating]`, see
 * `INTERACTION_COLUMNS`) or a JSONL file of `{"user", "item", "timestamp", "rating"?}`, or a folder
 * holding `interactions.csv` / `.tsv` / `.jsonl`. Items have no titles: the catalog is the item ids
 * in first-seen order, embeddings default to co-occurrence. Same sequence options as `movielens`.
 */
@injectable()
export class InteractionsLoader implements DatasetLoader {
  readonly format = 'interactions';
  readonly description =
    'generic interactions CSV/TSV (header user,item,timestamp[,rating]) or JSONL ({"user","item","timestamp","rating"?})';
  readonly optionsSchema = interactionsOptionsSchema;

  async load(path: string, rawOptions?: Readonly<Record<string, unknown>>): Promise<SequenceDataset> {
    const options = validateOptions(interactionsOptionsSchema, rawOptions, this.format);
    if (!existsSync(path)) throw new BladeUserError('no such file or folder', { file: path });
    let file = path;
    if (statSync(path).isDirectory()) {
      const found = ['interactions.csv', 'interactions.tsv', 'interactions.jsonl']
        .map((f) => join(path, f))
        .find((f) => existsSync(f));
      if (!found)
        throw new BladeUserError('no interactions.csv, interactions.tsv or interactions.jsonl in this folder', {
          file: path,
        });
      file = found;
    }
    const report = new LoadReportBuilder();
    const table = new InteractionTable();
    const add = (r: InteractionRecord, where: { file: string; line: number }) => {
      if (options.ratingThreshold !== undefined && Number.isNaN(r.rating)) {
        throw new BladeUserError(`ratingThreshold is set but this interaction has no rating`, where);
      }
      table.add(r.user, table.item(r.item), r.timestamp, r.rating);
    };
    if (extname(file).toLowerCase() === '.jsonl') {
      for await (const { line, value } of readJsonLines(file, () => report.count('blank-line')))
        add(
          locate({ file, line }, () => parseInteractionJson(value)),
          { file, line },
        );
    } else {
      let header: InteractionHeader | undefined;
      const delimiter = extname(file).toLowerCase() === '.tsv' ? '\t' : ',';
      for await (const { line, fields } of readCsvRecords(file, {
        delimiter,
        onBlank: () => report.count('blank-line'),
      })) {
        const where = { file, line };
        if (!header) {
          header = locate(where, () => parseInteractionHeader(fields));
          if (header.rating === undefined && options.ratingThreshold !== undefined)
            throw new BladeUserError('ratingThreshold is set but the file has no rating column', where);
          continue;
        }
        const h = header;
        add(
          locate(where, () => parseInteractionFields(fields, h)),
          where,
        );
      }
    }
    const stem = basename(file).replace(/\.[^.]*$/, '');
    const name = file !== path ? basename(path) : stem;
    return interactionsToDataset(table, { name, format: this.format }, options, report);
  }
}
