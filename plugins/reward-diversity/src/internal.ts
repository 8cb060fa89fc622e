/**
 * @bladerec/reward-diversity/internal — the batched kernels, the readable reference implementations the property
 * tests hold them equal to, and their helpers. For benchmarks and tools; the public API is the plugin
 * (default export), its definitions and option schemas.
 *
 * Not covered by semantic versioning: anything here may change in a minor release.
 */
export * from './index.js';
export { default } from './index.js';
export { ildBatch } from './ild-kernel.js';
export { ildCosineBatch, ildCosineJs, ildCosineOn, ILD_POOL, ILD_WASM_SHARED } from './ild-cosine-kernel.js';
export { ildJaccardBatch } from './ild-jaccard-kernel.js';
export { ildReference, cosineDistance, jaccardDistance } from './ild-reference.js';
export { ListWindow } from './list-window.js';
export { unitEmbeddings, type UnitEmbeddings } from './unit-embeddings.js';
export { categorySets, popcount32, type CategorySets } from './category-sets.js';
export { recommendationCounts, type RecommendationCounts } from './recommendation-counts.js';
export { coverageReference } from './coverage-reference.js';
export { divRatioReference } from './div-ratio-reference.js';
export { orRatioReference } from './or-ratio-reference.js';
export { topKSets } from './top-k-sets.js';
export { arpBatch } from './arp-kernel.js';
export { arpReference } from './arp-reference.js';
export { selfInformationBatch } from './self-information-kernel.js';
export { selfInformationReference } from './self-information-reference.js';
export { tailShareBatch } from './tail-share-kernel.js';
export { tailShareReference } from './tail-share-reference.js';
export { tailItems } from './tail-items.js';
export { entropyReference } from './entropy-reference.js';
