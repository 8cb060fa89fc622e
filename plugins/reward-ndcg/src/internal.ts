/**
 * @bladerec/reward-ndcg/internal — the batched kernels, the readable reference implementations the property
 * tests hold them equal to, and their helpers. For benchmarks and tools; the public API is the plugin
 * (default export), its definitions and option schemas.
 *
 * Not covered by semantic versioning: anything here may change in a minor release.
 */
export * from './index.js';
export { default } from './index.js';
export { ndcgBatch, discounts } from './ndcg-kernel.js';
export { ndcgReference } from './ndcg-reference.js';
