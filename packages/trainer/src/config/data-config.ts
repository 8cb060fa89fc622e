import { resolve } from 'node:path';
import { BladeUserError, type SequenceDataset, type SequenceExample, type Static, Type } from '@bladerec/core';
import { type DatasetLoaderRegistry, splitExamples } from '@bladerec/data';

/**
 * Which data set a training run uses: the built-in seeded synthetic generator (no files), or a
 * data set on disk read by a registered loader (`blade data formats` lists them).
 */
export const DataConfig = Type.Object(
  {
    format: Type.String({
      default: 'synthetic',
      description:
        "Data format, as `blade data formats` lists them ('synthetic', 'sprec', 'd3-csv', 'history-jsonl', 'movielens', 'interactions', 'canonical', or a plugin's).",
    }),
    path: Type.Optional(
      Type.String({
        description: 'File or folder of the data set, relative to the config file (not used by synthetic).',
      }),
    ),
    options: Type.Object(
      {},
      {
        additionalProperties: true,
        default: {},
        description:
          "Loader options (validated by the loader; see docs/data.md) or the generator's options for synthetic.",
      },
    ),
    alignHoldout: Type.Number({
      minimum: 0,
      maximum: 0.9,
      default: 0,
      description:
        'Fraction of the training examples held out of SFT as the alignment split (seeded by holdoutSeed), so that alignment runs on contexts SFT never trained on.',
    }),
    holdoutSeed: Type.Integer({ default: 17, description: 'Seed of the alignment hold-out.' }),
  },
  { additionalProperties: false },
);
export type DataConfig = Static<typeof DataConfig>;

/** A loaded data set with the examples held out of SFT for alignment. */
export interface TrainingData {
  readonly dataset: SequenceDataset;
  /** Training examples SFT uses (the training split minus the hold-out). */
  readonly sftTrain: readonly SequenceExample[];
  /** The alignment hold-out (empty when `alignHoldout` is 0). */
  readonly align: readonly SequenceExample[];
}

/**
 * Loads the data set a {@link DataConfig} names (relative paths resolve against `baseDir`) and
 * splits the alignment hold-out off its training examples, identically for every command that reads
 * the same config.
 */
export async function loadTrainingData(
  config: DataConfig,
  loaders: DatasetLoaderRegistry,
  baseDir: string,
): Promise<TrainingData> {
  const takesPath = loaders.get(config.format).takesPath !== false; // synthetic is generated, not read
  if (!takesPath && config.path !== undefined)
    throw new BladeUserError(
      `data.path is not used with format ${config.format} (remove it, or choose a loader format)`,
    );
  if (takesPath && config.path === undefined)
    throw new BladeUserError(`data.path is required for format '${config.format}'`);
  const dataset: SequenceDataset = await loaders.load(
    takesPath ? resolve(baseDir, config.path!) : undefined,
    config.format,
    config.options,
  );
  const train = dataset.splits.train;
  if (config.alignHoldout === 0) return { dataset, sftTrain: train, align: [] };
  const parts = splitExamples(
    train,
    { fractions: [1 - config.alignHoldout, config.alignHoldout, 0] },
    config.holdoutSeed,
  );
  return { dataset, sftTrain: parts.train, align: parts.valid };
}
