/**
 * @bladerec/estimators/internal — every module of the estimators package: the special functions,
 * Best-of-N distributions, expected-max estimators, PIT pools and group moments the components are
 * built from. For the bladerec packages themselves and for tools that need more than the public API.
 *
 * Not covered by semantic versioning: anything here may change in a minor release.
 */
export * from './math/special-functions.js';
export * from './math/best-of-n.js';
export * from './math/expected-max.js';
export * from './prior/empirical-prior.js';
export * from './prior/reservoir-prior-store.js';
export * from './prior/nig-prior-store.js';
export * from './prior/pit-pool.js';
export * from './prior/pooled-prior-store.js';
export * from './evidence/group-moments.js';
export * from './evidence/mid-rank-evidence.js';
export * from './evidence/kernel-evidence.js';
export * from './target/rollout-targets.js';
export * from './target/dp-beta-target.js';
export * from './target/nig-t-target.js';
export * from './target/raw-reward-target.js';
export * from './target/jbond-target.js';
export { default } from './index.js';
