/**
 * @bladerec/reward-fairness/internal — the batched kernels, the readable reference implementations the property
 * tests hold them equal to, and their helpers. For benchmarks and tools; the public API is the plugin
 * (default export), its definitions and option schemas.
 *
 * Not covered by semantic versioning: anything here may change in a minor release.
 */
export * from './index.js';
export { default } from './index.js';
export { CatalogDistribution } from './common/catalog-distribution.js';
export { calibrationKl, maxMinGap, meanAbsoluteGap, totalVariation } from './common/distribution-gaps.js';
export { exposureGapBatch, exposureGapRange, ExposureGapState } from './exposure-gap/exposure-gap-kernel.js';
export { exposureGapReference } from './exposure-gap/exposure-gap-reference.js';
export { calibrationReference } from './calibration/calibration-reference.js';
export { genreUnfairnessReference } from './corpus/genre-unfairness/genre-unfairness-reference.js';
export { exposureDisparityReference } from './corpus/exposure-disparity/exposure-disparity-reference.js';
export { giniReference } from './corpus/gini/gini-reference.js';
export type { ReferenceCorpusLike } from './corpus/reference-corpus.js';
export { corpusShares, ShareState, type ShareSpec, type Shares } from './corpus/share-gap-kernel.js';
export { groupExposureShares, groupExposureState } from './corpus/group-exposure/group-exposure-kernel.js';
export {
  groupExposureReference,
  groupExposureSharesReference,
} from './corpus/group-exposure/group-exposure-reference.js';
