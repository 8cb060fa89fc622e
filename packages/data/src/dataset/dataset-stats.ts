import { csrRow, type LoadReport, type SequenceDataset, type SequenceExample } from '@bladerec/core';

/** Summary of one split's length distribution. */
export interface LengthStats {
  readonly min: number;
  readonly median: number;
  readonly mean: number;
  readonly max: number;
  /** Counts per bucket (`0`, `1`, `2-4`, `5-9`, `10-19`, `20-49`, `50-99`, `100+`); empty buckets omitted. */
  readonly buckets: Readonly<Record<string, number>>;
}

/** What `blade data inspect` prints. */
export interface DatasetStats {
  readonly name: string;
  readonly format: string;
  readonly items: number;
  /** Distinct user ids over all splits (0 when the data set has none). */
  readonly users: number;
  readonly examples: { readonly train: number; readonly valid: number; readonly test: number };
  readonly historyLength: { readonly train: LengthStats; readonly valid: LengthStats; readonly test: LengthStats };
  readonly targetLength: { readonly train: LengthStats; readonly valid: LengthStats; readonly test: LengthStats };
  /** Items per category, most frequent first. */
  readonly genres: readonly { readonly name: string; readonly items: number }[];
  readonly itemsWithoutGenre: number;
  readonly groups?: readonly { readonly name: string; readonly items: number }[];
  readonly popularity: { readonly total: number; readonly itemsWithZero: number };
  readonly embeddings?: { readonly source: string; readonly dim: number };
  /** History titles the loader could not find in the catalog (`unknown-title` rule). */
  readonly unknownTitles: number;
  readonly report: LoadReport;
}

const BUCKETS: readonly [string, number, number][] = [
  ['0', 0, 0],
  ['1', 1, 1],
  ['2-4', 2, 4],
  ['5-9', 5, 9],
  ['10-19', 10, 19],
  ['20-49', 20, 49],
  ['50-99', 50, 99],
  ['100+', 100, Infinity],
];

/** Length statistics of `lengths` (all zero for an empty list). */
export function lengthStats(lengths: readonly number[]): LengthStats {
  if (lengths.length === 0) return { min: 0, median: 0, mean: 0, max: 0, buckets: {} };
  const sorted = [...lengths].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const buckets: Record<string, number> = {};
  for (const [name, lo, hi] of BUCKETS) {
    const n = sorted.filter((x) => x >= lo && x <= hi).length;
    if (n > 0) buckets[name] = n;
  }
  return {
    min: sorted[0]!,
    median,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    max: sorted[sorted.length - 1]!,
    buckets,
  };
}

/** Computes {@link DatasetStats}. */
export function datasetStats(dataset: SequenceDataset): DatasetStats {
  const { catalog, splits } = dataset;
  const users = new Set<string>();
  for (const part of [splits.train, splits.valid, splits.test])
    for (const e of part) if (e.user !== undefined) users.add(e.user);
  const per = (f: (e: SequenceExample) => number) => ({
    train: lengthStats(splits.train.map(f)),
    valid: lengthStats(splits.valid.map(f)),
    test: lengthStats(splits.test.map(f)),
  });
  const genreCounts = new Array<number>(catalog.categories.names.length).fill(0);
  let itemsWithoutGenre = 0;
  for (let i = 0; i < catalog.size; i++) {
    const row = csrRow(catalog.categories.ofItem, i);
    if (row.length === 0) itemsWithoutGenre++;
    for (const c of row) genreCounts[c]!++;
  }
  const genres = catalog.categories.names
    .map((name, c) => ({ name, items: genreCounts[c]! }))
    .sort((a, b) => b.items - a.items || a.name.localeCompare(b.name));
  let groups: { name: string; items: number }[] | undefined;
  if (catalog.groups) {
    const counts = new Array<number>(catalog.groups.names.length).fill(0);
    for (const g of catalog.groups.of) if (g >= 0) counts[g]!++;
    groups = catalog.groups.names.map((name, g) => ({ name, items: counts[g]! }));
  }
  let total = 0;
  let zero = 0;
  for (const p of catalog.popularity) {
    total += p;
    if (p === 0) zero++;
  }
  return {
    name: dataset.name,
    format: dataset.format,
    items: catalog.size,
    users: users.size,
    examples: { train: splits.train.length, valid: splits.valid.length, test: splits.test.length },
    historyLength: per((e) => e.history.length),
    targetLength: per((e) => e.targets.length),
    genres,
    itemsWithoutGenre,
    groups,
    popularity: { total, itemsWithZero: zero },
    embeddings: catalog.embeddings ? { source: catalog.embeddings.source, dim: catalog.embeddings.dim } : undefined,
    unknownTitles: dataset.report.counts['unknown-title'] ?? 0,
    report: dataset.report,
  };
}
