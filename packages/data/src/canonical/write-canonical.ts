import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BladeUserError, type SequenceDataset, type SequenceExample } from '@bladerec/core';
import { writeLines } from '../io/write-lines.js';
import { CANONICAL_FILES, CANONICAL_VERSION, type CanonicalManifest } from './canonical-manifest.js';
import { catalogToJson } from './catalog-json-writer.js';

/**
 * Writes a data set in the canonical format: `dir/catalog.json` (see {@link catalogToJson}),
 * `train.jsonl` / `valid.jsonl` / `test.jsonl` with one `{"user"?, "history": [ids], "targets": [ids]}`
 * per line (item ids, not indices), and the `dataset.json` manifest. Creates `dir`; overwrites
 * those five files.
 * @returns the manifest written.
 */
export async function writeCanonical(
  dataset: SequenceDataset,
  dir: string,
  extra: { seed?: number; sourceFormat?: string; generator?: Readonly<Record<string, unknown>> } = {},
): Promise<CanonicalManifest> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new BladeUserError(
      `cannot create the output folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      { file: dir },
    );
  }
  const ids = dataset.catalog.ids;
  const line = (e: SequenceExample) =>
    JSON.stringify({
      ...(e.user === undefined ? {} : { user: e.user }),
      history: Array.from(e.history, (i) => ids[i]),
      targets: Array.from(e.targets, (i) => ids[i]),
    });
  const write = async (file: string, text: string) => {
    try {
      await writeFile(file, text, 'utf8');
    } catch (error) {
      throw new BladeUserError(`cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
        file,
      });
    }
  };
  await write(join(dir, CANONICAL_FILES.catalog), catalogToJson(dataset.catalog));
  const { train, valid, test } = dataset.splits;
  for (const [name, examples] of [
    [CANONICAL_FILES.train, train],
    [CANONICAL_FILES.valid, valid],
    [CANONICAL_FILES.test, test],
  ] as const) {
    await writeLines(
      join(dir, name),
      (function* () {
        for (const e of examples) yield line(e);
      })(),
    );
  }
  const users = new Set<string>();
  for (const part of [train, valid, test]) for (const e of part) if (e.user !== undefined) users.add(e.user);
  const manifest: CanonicalManifest = {
    version: CANONICAL_VERSION,
    name: dataset.name,
    format: 'canonical',
    sourceFormat: extra.sourceFormat ?? dataset.format,
    ...(extra.seed === undefined ? {} : { seed: extra.seed }),
    counts: {
      items: dataset.catalog.size,
      users: users.size,
      train: train.length,
      valid: valid.length,
      test: test.length,
    },
    report: dataset.report,
    ...(extra.generator === undefined ? {} : { generator: extra.generator }),
  };
  await write(join(dir, CANONICAL_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
