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

/**
 * @bladerec/estimators — the built-in alignment components of BLADE as a plugin (its default export,
 * loaded by the trainer and the CLI): prior stores (`reservoir`, `nig`, `pooled`), evidence
 * estimators (`mid-rank`, `kernel`) and target estimators (`dp-beta`, `nig-t`, `raw`, `jbond`).
 * Each is exported as its definition (`reservoirPriorStore` …, what `definePlugin` takes) and as its
 * class (`ReservoirPriorStore` …, for direct use). `batchTargets`/`refreshPriors` apply them to groups of
 * rollouts (the one code path of the trainer and `blade serve`); `advantages`/`groupSoftmax` turn targets
 * into advantages and normalised weights.
 *
 * The mathematics they are built from (special functions, Best-of-N distributions, expected-max
 * estimators, PIT pools) is in `@bladerec/estimators/internal`, outside semantic versioning.
 *
 * @example
 * ```ts
 * import { createBladeContainer, AlignmentComponents } from '@bladerec/core';
 * import estimators from '@bladerec/estimators';
 *
 * const components = createBladeContainer({ plugins: [estimators] }).get(AlignmentComponents);
 * const target = components.create('target', { kind: 'dp-beta', options: { alpha: 8 } });
 * ```
 *
 * @packageDocumentation
 */
export { EmpiricalPrior } from './prior/empirical-prior.js';
export { ReservoirOptions, ReservoirPriorStore, reservoirPriorStore } from './prior/reservoir-prior-store.js';
export { type NigParams, NigOptions, NigPrior, NigPriorStore, nigPriorStore } from './prior/nig-prior-store.js';
export { PooledOptions, PooledPrior, PooledPriorStore, pooledPriorStore } from './prior/pooled-prior-store.js';
export type { PitCdf } from './prior/pit-pool.js';
export { MidRankEvidence, midRankEvidence } from './evidence/mid-rank-evidence.js';
export { KernelEvidence, KernelEvidenceOptions, kernelEvidence } from './evidence/kernel-evidence.js';
export { DpBetaOptions, DpBetaTarget, dpBetaTarget } from './target/dp-beta-target.js';
export { NigTTarget, nigTTarget } from './target/nig-t-target.js';
export { RawRewardTarget, rawRewardTarget } from './target/raw-reward-target.js';
export { JBOND_PENALTY, JBondTarget, jbondTarget } from './target/jbond-target.js';
export { type AdvantageKind, advantages, groupSoftmax } from './group/advantages.js';
export {
  type ComponentSpec,
  mergeComponent,
  STATIC_PRIOR,
  TARGET_PRESETS,
  type TargetPreset,
} from './group/target-presets.js';
export {
  type BatchTargets,
  batchTargets,
  refreshPriors,
  seedPriors,
  type TargetComponents,
} from './group/group-targets.js';

const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The built-in alignment components as a plugin (loaded by the trainer and the CLI). */
export default definePlugin({
  meta: { name: pkg.name, version: pkg.version, namespace: 'estimators' },
  priorStores: [reservoirPriorStore, nigPriorStore, pooledPriorStore],
  evidenceEstimators: [midRankEvidence, kernelEvidence],
  targetEstimators: [dpBetaTarget, nigTTarget, rawRewardTarget, jbondTarget],
});
