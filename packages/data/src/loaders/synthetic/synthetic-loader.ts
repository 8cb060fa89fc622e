import type { DatasetLoader, SequenceDataset } from '@bladerec/core';
import { injectable } from '@bladerec/core/inversify';
import { generateSynthetic } from '../../synth/generate-synthetic.js';
import { syntheticOptionsSchema } from '../../synth/synthetic-options.js';

/**
 * The seeded synthetic data set as a format: generated in memory from its options, so it takes no
 * path (`data: { format: synthetic, options: { seed: 5 } }`, `blade data inspect --format synthetic`).
 * `blade data synth --out <dir>` writes the same data set to disk in the canonical format.
 */
@injectable()
export class SyntheticLoader implements DatasetLoader {
  readonly format = 'synthetic';
  readonly description =
    'the seeded synthetic data set, generated in memory from its options (no path; blade data synth writes it as canonical)';
  readonly optionsSchema = syntheticOptionsSchema;
  readonly takesPath = false;

  async load(_path: string | undefined, options?: Readonly<Record<string, unknown>>): Promise<SequenceDataset> {
    return generateSynthetic(options ?? {});
  }
}
