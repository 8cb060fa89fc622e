import type { SequenceDataset } from './sequence-dataset.js';

/**
 * Reads one on-disk data format into a {@link SequenceDataset}. Loaders are multi-bound to
 * {@link DatasetLoader}; a plugin adds a format by binding its own.
 *
 * Contract: a loader never crashes on bad input and never drops data silently. Each malformed
 * record is either handled by a documented rule (counted in `report.counts`) or rejected with a
 * `BladeUserError` naming file, line and reason.
 */
export interface DatasetLoader {
  /** Format name used by `--format`, e.g. `sprec`, `d3-csv`, `history-jsonl`, `movielens`. */
  readonly format: string;
  /** One line for `blade data formats`. */
  readonly description: string;
  /**
   * JSON Schema (an object schema with `properties`, defaults and descriptions) of the options
   * `load` accepts; shown by `blade data formats --json`. Absent when the loader takes no options.
   */
  readonly optionsSchema?: Readonly<Record<string, unknown>>;
  /** `false` for a format that reads no file (a generator such as `synthetic`): `load` gets no path. */
  readonly takesPath?: boolean;
  /**
   * Loads the data set at `path` (a file or a folder, as the format defines; undefined when
   * {@link takesPath} is false).
   * @throws BladeUserError for invalid options and for input no documented rule can handle.
   */
  load(path: string | undefined, options?: Readonly<Record<string, unknown>>): Promise<SequenceDataset>;
}
export const DatasetLoader = Symbol.for('bladerec.DatasetLoader');
