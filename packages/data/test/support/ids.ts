import type { SequenceDataset, SequenceExample } from '@bladerec/core';

/** An example as ids: `{user?, history: [ids], targets: [ids]}` (for readable expectations). */
export function asIds(
  dataset: SequenceDataset,
  example: SequenceExample,
): { user?: string; history: string[]; targets: string[] } {
  const ids = dataset.catalog.ids;
  return {
    ...(example.user === undefined ? {} : { user: example.user }),
    history: Array.from(example.history, (i) => ids[i]!),
    targets: Array.from(example.targets, (i) => ids[i]!),
  };
}

/** Every split as ids. */
export function splitsAsIds(dataset: SequenceDataset) {
  return {
    train: dataset.splits.train.map((e) => asIds(dataset, e)),
    valid: dataset.splits.valid.map((e) => asIds(dataset, e)),
    test: dataset.splits.test.map((e) => asIds(dataset, e)),
  };
}

/** Every split as titles (history and targets). */
export function splitsAsTitles(dataset: SequenceDataset) {
  const t = dataset.catalog.titles;
  const map = (e: SequenceExample) => ({
    history: Array.from(e.history, (i) => t[i]!),
    targets: Array.from(e.targets, (i) => t[i]!),
  });
  return {
    train: dataset.splits.train.map(map),
    valid: dataset.splits.valid.map(map),
    test: dataset.splits.test.map(map),
  };
}
