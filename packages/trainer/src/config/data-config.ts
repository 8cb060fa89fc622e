import { resolve } from 'node:path';
import { BladeUserError, type SequenceDataset, type Static, Type } from '@bladerec/core';
import { type DatasetLoaderRegistry, generateSynthetic } from '@bladerec/data';

/**
 * Which data set a training run uses: the built-in seeded synthetic generator (no files), or a
 * data set on disk read by a registered loader (`blade data formats` lists them).
 */
export const DataConfig = Type.Object(
  {
    format: Type.String({ default: 'synthetic', description: "Loader format ('synthetic', 'sprec', 'd3-csv', 'history-jsonl', 'movielens', 'interactions', 'canonical', or a plugin's)." }),
    path: Type.Optional(Type.String({ description: 'File or folder of the data set, relative to the config file (not used by synthetic).' })),
    options: Type.Object({}, { additionalProperties: true, default: {}, description: "Loader options (validated by the loader; see docs/data.md) or the generator's options for synthetic." }),
  },
  { additionalProperties: false },
);
export type DataConfig = Static<typeof DataConfig>;

/** Loads the data set a {@link DataConfig} names; relative paths resolve against `baseDir`. */
export async function loadDataset(config: DataConfig, loaders: DatasetLoaderRegistry, baseDir: string): Promise<SequenceDataset> {
  if (config.format === 'synthetic') {
    if (config.path !== undefined) throw new BladeUserError('data.path is not used with format synthetic (remove it, or choose a loader format)');
    return generateSynthetic(config.options);
  }
  if (config.path === undefined) throw new BladeUserError(`data.path is required for format '${config.format}'`);
  return loaders.load(resolve(baseDir, config.path), config.format, config.options);
}
