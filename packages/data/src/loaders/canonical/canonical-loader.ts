import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BladeUserError, type DatasetLoader, type SequenceDataset, type SequenceExample } from '@bladerec/core';
import { type Static, Type } from '@bladerec/core';
import { injectable } from '@bladerec/core/inversify';
import { CANONICAL_FILES } from '../../canonical/canonical-manifest.js';
import { readCatalogFile } from '../../canonical/catalog-json.js';
import { commonOptionProperties } from '../../dataset/common-options.js';
import { finishDataset } from '../../dataset/finish-dataset.js';
import { LoadReportBuilder } from '../../dataset/load-report-builder.js';
import { locate } from '../../dataset/record-error.js';
import { validateOptions } from '../../dataset/validate-options.js';
import { readJsonFile } from '../../io/json-file.js';
import { readJsonLines } from '../../io/json-lines.js';
import { parseCanonicalExample } from './canonical-example.js';

/** Options of the `canonical` loader: the common ones, but `minHistory` defaults to 0 (keep what was written). */
export const canonicalOptionsSchema = Type.Object({
  ...commonOptionProperties,
  minHistory: Type.Integer({ minimum: 0, default: 0, description: 'drop examples whose history is shorter' }),
});
export type CanonicalOptions = Static<typeof canonicalOptionsSchema>;

/**
 * The project's canonical format (written by `writeCanonical` / `blade data convert` /
 * `blade data synth`): `catalog.json`, `train.jsonl`, `valid.jsonl`, `test.jsonl` and an optional
 * `dataset.json` manifest. Catalog popularity, groups and embeddings are used as written.
 */
@injectable()
export class CanonicalLoader implements DatasetLoader {
  readonly format = 'canonical';
  readonly description =
    "bladerec's canonical folder: catalog.json + train/valid/test.jsonl ({user?, history, targets}) + dataset.json";
  readonly optionsSchema = canonicalOptionsSchema;

  async load(path: string, rawOptions?: Readonly<Record<string, unknown>>): Promise<SequenceDataset> {
    const options = validateOptions(canonicalOptionsSchema, rawOptions, this.format);
    for (const f of [CANONICAL_FILES.catalog, CANONICAL_FILES.train, CANONICAL_FILES.valid, CANONICAL_FILES.test]) {
      if (!existsSync(join(path, f)))
        throw new BladeUserError(
          `missing ${f} (a canonical folder has catalog.json, train.jsonl, valid.jsonl and test.jsonl)`,
          { file: path },
        );
    }
    const report = new LoadReportBuilder();
    const catalog = await readCatalogFile(join(path, CANONICAL_FILES.catalog));
    let name = basename(path);
    const manifestFile = join(path, CANONICAL_FILES.manifest);
    if (existsSync(manifestFile)) {
      const { value } = await readJsonFile(manifestFile);
      const m = value as { name?: unknown; sourceFormat?: unknown } | null;
      if (typeof m !== 'object' || m === null || Array.isArray(m))
        throw new BladeUserError('expected a JSON object', { file: manifestFile });
      if (typeof m.name === 'string' && m.name !== '') name = m.name;
      if (typeof m.sourceFormat === 'string') report.note(`converted from format ${m.sourceFormat}`);
    }
    const read = async (file: string): Promise<SequenceExample[]> => {
      const out: SequenceExample[] = [];
      for await (const { line, value } of readJsonLines(file, () => report.count('blank-line'))) {
        out.push(locate({ file, line }, () => parseCanonicalExample(value, (id) => catalog.indexOf(id))));
      }
      return out;
    };
    const splits = {
      train: await read(join(path, CANONICAL_FILES.train)),
      valid: await read(join(path, CANONICAL_FILES.valid)),
      test: await read(join(path, CANONICAL_FILES.test)),
    };
    return finishDataset({ name, format: this.format, catalog, splits }, options, report, {
      popularityFromTrain: false,
    });
  }
}
