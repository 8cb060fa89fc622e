/**
 * @bladerec/data — catalogs, sequence data sets, loaders for the LLM-recommendation formats,
 * splits, embeddings, the canonical format and the seeded synthetic generator.
 *
 * - loading: {@link dataPlugin} / {@link dataModule} bind the built-in loaders (`sprec`, `d3-csv`,
 *   `history-jsonl`, `movielens`, `interactions`, `canonical`, `synthetic`); load through
 *   {@link DatasetLoaderRegistry}
 * - writing a loader: {@link CatalogBuilder}, {@link LoadReportBuilder}, {@link readJsonLines},
 *   {@link readCsvRecords}, {@link finishDataset}
 * - catalog: {@link InMemoryCatalog}, {@link popularityGroups}, {@link countPopularity}
 * - splits: {@link splitExamples}, {@link expandPrefixes}, {@link truncateHistories}
 * - embeddings: {@link titleEmbeddings}, {@link cooccurrenceEmbeddings}
 * - canonical format: {@link writeCanonical}, {@link readCatalogFile}
 * - synthetic data: {@link generateSynthetic}, {@link generateSyntheticData}
 * - seeded randomness: {@link Random}, {@link mixSeeds}
 *
 * Format parsers, option schemas, loader and command classes are in `@bladerec/data/internal`,
 * outside semantic versioning.
 *
 * @packageDocumentation
 */
export { Random } from './random/mulberry32.js';
export { fnv1a32, mixSeeds } from './random/hash.js';

export { type JsonLine, readJsonLines } from './io/json-lines.js';
export { type CsvRecord, readCsvRecords } from './io/csv-records.js';

export { type CatalogParts, InMemoryCatalog } from './catalog/in-memory-catalog.js';
export { type CatalogItemInput, CatalogBuilder } from './catalog/catalog-builder.js';
export { popularityGroups } from './catalog/popularity-groups.js';
export { countPopularity } from './catalog/count-popularity.js';

export { LoadReportBuilder } from './dataset/load-report-builder.js';
export type { LoadRule } from './dataset/load-rules.js';
export type { CommonOptions } from './dataset/common-options.js';
export { type DraftDataset, finishDataset } from './dataset/finish-dataset.js';
export { type DatasetStats, type LengthStats, datasetStats } from './dataset/dataset-stats.js';

export { type SplitResult, type SplitSpec, splitExamples } from './split/split-examples.js';
export { type ExpandPrefixesOptions, expandPrefixes } from './split/expand-prefixes.js';
export { truncateHistories, truncateHistory } from './split/truncate-history.js';

export { type TitleEmbeddingOptions, titleEmbeddings } from './embeddings/title-embeddings.js';
export { type CooccurrenceEmbeddingOptions, cooccurrenceEmbeddings } from './embeddings/cooccurrence-embeddings.js';

export { type CanonicalManifest, CANONICAL_VERSION } from './canonical/canonical-manifest.js';
export { readCatalogFile } from './canonical/catalog-json.js';
export { writeCanonical } from './canonical/write-canonical.js';

export { type SyntheticOptions, syntheticOptionsSchema } from './synth/synthetic-options.js';
export { type SyntheticData, generateSynthetic, generateSyntheticData } from './synth/generate-synthetic.js';

export { DatasetLoaderRegistry } from './registry/dataset-loader-registry.js';
export { builtinLoaders, dataModule, dataPlugin } from './data-module.js';
