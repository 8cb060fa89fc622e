import type { Catalog } from './catalog.js';

/** One example: a user's history (oldest first) and the item(s) that follow it. */
export interface SequenceExample {
  /** User id, when the data set has one. */
  readonly user?: string;
  /** Catalog indices of the history, oldest first. */
  readonly history: Int32Array;
  /** Catalog indices of the next item (length 1) or the next items in order. */
  readonly targets: Int32Array;
}

/** Train / validation / test examples. */
export interface DatasetSplits {
  readonly train: readonly SequenceExample[];
  readonly valid: readonly SequenceExample[];
  readonly test: readonly SequenceExample[];
}

/**
 * What a loader did with the input: how often each documented rule fired (e.g.
 * `unknown-title-dropped: 14`) and free-form notes. Nothing is dropped without being counted here.
 */
export interface LoadReport {
  /** Rule name → number of times it applied. */
  readonly counts: Readonly<Record<string, number>>;
  readonly notes: readonly string[];
}

/** A loaded data set. */
export interface SequenceDataset {
  /** Name (usually the folder or file name). */
  readonly name: string;
  /** Loader format it came from. */
  readonly format: string;
  readonly catalog: Catalog;
  readonly splits: DatasetSplits;
  readonly report: LoadReport;
}
