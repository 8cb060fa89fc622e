/**
 * @bladerec/data/internal — every module of the data package: the record parsers of each format,
 * text/JSON/CSV readers, option schemas, the loader classes and the `blade data` command classes.
 * For the bladerec packages themselves and for tools that need more than the public API.
 *
 * Not covered by semantic versioning: anything here may change in a minor release.
 */
export * from './random/mulberry32.js';
export * from './random/hash.js';
export * from './io/text-encoding.js';
export * from './io/line-reader.js';
export * from './io/text-file.js';
export * from './io/json-syntax.js';
export * from './io/json-file.js';
export * from './io/json-lines.js';
export * from './io/csv-records.js';
export * from './io/write-lines.js';
export * from './catalog/in-memory-catalog.js';
export * from './catalog/catalog-builder.js';
export * from './catalog/popularity-groups.js';
export * from './catalog/count-popularity.js';
export * from './dataset/load-rules.js';
export * from './dataset/load-report-builder.js';
export * from './dataset/record-error.js';
export * from './dataset/common-options.js';
export * from './dataset/string-enum.js';
export * from './dataset/validate-options.js';
export * from './dataset/finish-dataset.js';
export * from './dataset/dataset-stats.js';
export * from './split/split-examples.js';
export * from './split/expand-prefixes.js';
export * from './split/truncate-history.js';
export * from './embeddings/random-sign-vector.js';
export * from './embeddings/title-embeddings.js';
export * from './embeddings/cooccurrence-embeddings.js';
export * from './interactions/interaction-table.js';
export * from './interactions/interaction-options.js';
export * from './interactions/user-sequences.js';
export * from './interactions/split-sequences.js';
export * from './interactions/interactions-to-dataset.js';
export * from './loaders/sprec/quoted-title-list.js';
export * from './loaders/sprec/sprec-record.js';
export * from './loaders/sprec/sprec-catalog.js';
export * from './loaders/sprec/sprec-loader.js';
export * from './loaders/d3-csv/python-literal-list.js';
export * from './loaders/d3-csv/d3-row.js';
export * from './loaders/d3-csv/items-txt.js';
export * from './loaders/d3-csv/train-transition.js';
export * from './loaders/d3-csv/d3-side-files.js';
export * from './loaders/d3-csv/d3-csv-loader.js';
export * from './loaders/history-jsonl/history-row.js';
export * from './loaders/history-jsonl/history-jsonl-loader.js';
export * from './loaders/movielens/movielens-records.js';
export * from './loaders/movielens/movielens-loader.js';
export * from './loaders/interactions/interaction-record.js';
export * from './loaders/interactions/interactions-loader.js';
export * from './loaders/canonical/canonical-example.js';
export * from './loaders/canonical/canonical-loader.js';
export * from './canonical/canonical-manifest.js';
export * from './canonical/catalog-json.js';
export * from './canonical/catalog-json-writer.js';
export * from './canonical/write-canonical.js';
export * from './synth/synthetic-options.js';
export * from './synth/synthetic-vocabulary.js';
export * from './synth/generate-synthetic.js';
export * from './synth/synthetic-oracle.js';
export * from './loaders/synthetic/synthetic-loader.js';
export * from './registry/dataset-loader-registry.js';
export * from './cli/data-command-group.js';
export * from './cli/loader-option-flags.js';
export * from './cli/data-formats-command.js';
export * from './cli/data-inspect-command.js';
export * from './cli/data-convert-command.js';
export * from './cli/data-synth-command.js';
export * from './data-module.js';
