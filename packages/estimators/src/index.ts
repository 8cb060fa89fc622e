import { createRequire } from 'node:module';
import { definePlugin } from '@bladerec/core';
import { kernelEvidence } from './evidence/kernel-evidence.js';
import { midRankEvidence } from './evidence/mid-rank-evidence.js';
import { nigPriorStore } from './prior/nig-prior-store.js';
import { pooledPriorStore } from './prior/pooled-prior-store.js';
import { reservoirPriorStore } from './prior/reservoir-prior-store.js';
import { dpBetaTarget } from './target/dp-beta-target.js';
import { jbondTarget } from './target/jbond-target.js';
import { nigTTarget } from './target/nig-t-target.js';
import { rawRewardTarget } from './target/raw-reward-target.js';

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

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The built-in alignment components as a plugin (loaded by the trainer and the CLI). */
export default definePlugin({
  meta: { name: pkg.name, version: pkg.version, namespace: 'estimators' },
  priorStores: [reservoirPriorStore, nigPriorStore, pooledPriorStore],
  evidenceEstimators: [midRankEvidence, kernelEvidence],
  targetEstimators: [dpBetaTarget, nigTTarget, rawRewardTarget, jbondTarget],
});
