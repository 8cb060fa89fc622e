/**
 * @bladerec/reward-recall/internal — the batched kernels, the readable reference implementations the property
 * tests hold them equal to, and their helpers. For benchmarks and tools; the public API is the plugin
 * (default export), its definitions and option schemas.
 *
 * Not covered by semantic versioning: anything here may change in a minor release.
 */
export * from './index.js';
export { default } from './index.js';
export { recallBatch } from './recall-kernel.js';
export { recallReference } from './recall-reference.js';
export { hrBatch } from './hr-kernel.js';
export { hrReference } from './hr-reference.js';
export { mrrBatch } from './mrr-kernel.js';
export { mrrReference } from './mrr-reference.js';
export { precisionBatch } from './precision-kernel.js';
export { precisionReference } from './precision-reference.js';
export { mapBatch } from './map-kernel.js';
export { mapReference } from './map-reference.js';
export { f1Batch } from './f1-kernel.js';
export { f1Reference } from './f1-reference.js';
export { rPrecisionBatch } from './r-precision-kernel.js';
export { rPrecisionReference } from './r-precision-reference.js';
