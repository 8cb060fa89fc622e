import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BladeUserError, type DatasetLoader, type SequenceDataset, type SequenceExample } from '@bladerec/core';
import { type Static, Type } from '@bladerec/core';
import { injectable } from '@bladerec/core/inversify';
import { commonOptionProperties, splitOptionProperties } from '../../dataset/common-options.js';
import { finishDataset } from '../../dataset/finish-dataset.js';
import { LoadReportBuilder } from '../../dataset/load-report-builder.js';
import { locate } from '../../dataset/record-error.js';
import { validateOptions } from '../../dataset/validate-options.js';
import { jsonArrayElementLines, readJsonFile } from '../../io/json-file.js';
import { readJsonLines } from '../../io/json-lines.js';
import { splitExamples } from '../../split/split-examples.js';
import { readSprecCatalog } from './sprec-catalog.js';
import { parseSprecRecord } from './sprec-record.js';

/** Options of the `sprec` loader: the common ones plus the example split (default 60/20/20). */
export const sprecOptionsSchema = Type.Object({ ...commonOptionProperties, ...splitOptionProperties([0.6, 0.2, 0.2]) });
export type SprecOptions = Static<typeof sprecOptionsSchema>;

/**
 * SPRec / BIGRec instruction data: a folder with `train.json` (a JSON array, or `train.jsonl`) of
 * `{"instruction", "input", "output"}` examples plus `id2name.json` / `name2id.json` /
 * `name2genre.json` (see {@link readSprecCatalog}). When `valid.json` and `test.json` (or `.jsonl`)
 * exist they are the validation and test splits; otherwise `train` is split by example with a seeded
 * shuffle (`fractions`, default 0.6/0.2/0.2, or `counts`). Popularity = occurrences in the training
 * split. The path may also be the `train.json` file itself.
 */
@injectable()
export class SprecLoader implements DatasetLoader {
  readonly format = 'sprec';
  readonly description =
    'SPRec/BIGRec instruction JSON ({instruction, input, output}) with id2name/name2id/name2genre catalog files';
  readonly optionsSchema = sprecOptionsSchema;

  async load(path: string, rawOptions?: Readonly<Record<string, unknown>>): Promise<SequenceDataset> {
    const options = validateOptions(sprecOptionsSchema, rawOptions, this.format);
    const isFile = existsSync(path) && statSync(path).isFile();
    const dir = isFile ? dirname(path) : path;
    if (!existsSync(dir)) throw new BladeUserError('no such file or folder', { file: path });
    const find = (stem: string): string | undefined =>
      [join(dir, `${stem}.json`), join(dir, `${stem}.jsonl`)].find((f) => existsSync(f));
    const trainFile = isFile ? path : find('train');
    if (!trainFile) throw new BladeUserError('no train.json or train.jsonl in this folder', { file: dir });
    const report = new LoadReportBuilder();
    const { catalog, byTitle } = await readSprecCatalog(dir, report);
    const read = async (file: string): Promise<SequenceExample[]> => {
      const out: SequenceExample[] = [];
      for await (const { line, value } of readExamples(file, report)) {
        const record = locate({ file, line }, () => parseSprecRecord(value, byTitle));
        report.count('unknown-title', record.unknownHistory.length);
        report.count('unknown-target', record.unknownTargets.length);
        if (record.targets.length === 0) continue;
        out.push({ history: Int32Array.from(record.history), targets: Int32Array.from(record.targets) });
      }
      return out;
    };
    const train = await read(trainFile);
    const validFile = isFile ? undefined : find('valid');
    const testFile = isFile ? undefined : find('test');
    let splits: { train: SequenceExample[]; valid: SequenceExample[]; test: SequenceExample[] };
    if (validFile && testFile) {
      splits = { train, valid: await read(validFile), test: await read(testFile) };
      report.note(`splits: ${basename(trainFile)}, ${basename(validFile)} and ${basename(testFile)} as given`);
    } else {
      const spec = options.counts ? { counts: options.counts } : { fractions: options.fractions };
      let parts;
      try {
        parts = splitExamples(train, spec, options.seed);
      } catch (error) {
        throw new BladeUserError(`cannot split: ${(error as Error).message}`, { file: trainFile });
      }
      report.count('unassigned-example', parts.unassigned.length);
      splits = parts;
      report.note(
        `splits: ${basename(trainFile)} split by example, seed ${options.seed}, ${parts.train.length}/${parts.valid.length}/${parts.test.length}`,
      );
    }
    const name = basename(isFile ? dirname(path) : path);
    return finishDataset({ name, format: this.format, catalog, splits }, options, report, {
      popularityFromTrain: true,
    });
  }
}

async function* readExamples(
  file: string,
  report: LoadReportBuilder,
): AsyncGenerator<{ line: number; value: unknown }> {
  if (file.endsWith('.jsonl')) {
    yield* readJsonLines(file, () => report.count('blank-line'));
    return;
  }
  const { text, value } = await readJsonFile(file);
  if (!Array.isArray(value)) throw new BladeUserError('expected a JSON array of examples', { file });
  const lines = jsonArrayElementLines(text);
  for (let i = 0; i < value.length; i++) yield { line: lines[i] ?? 1, value: value[i] };
}
