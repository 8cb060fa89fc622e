import { injectable, multiInject, optional } from 'inversify';
import { type ComponentRegistry, DefinitionRegistry, type ReferenceSite } from '../rewards/definition-registry.js';
import type { ComponentMeta } from '../rewards/list-reward-definition.js';
import type { EvidenceEstimator } from './evidence-estimator.js';
import type { PriorStore } from './prior-store.js';
import type { TargetEstimator } from './target-estimator.js';

/**
 * A prior-store implementation contributed by a package or plugin (multi-bound to
 * {@link PriorStoreDefinition}); configs select it by id (`align.prior.kind`).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds definitions of any options type
export interface PriorStoreDefinition<Options = any> {
  readonly meta: ComponentMeta;
  create(options: Options): PriorStore;
}
export const PriorStoreDefinition = Symbol.for('bladerec.PriorStoreDefinition');

/** An evidence-estimator implementation (multi-bound to {@link EvidenceEstimatorDefinition}). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds definitions of any options type
export interface EvidenceEstimatorDefinition<Options = any> {
  readonly meta: ComponentMeta;
  create(options: Options): EvidenceEstimator;
}
export const EvidenceEstimatorDefinition = Symbol.for('bladerec.EvidenceEstimatorDefinition');

/** A target-estimator implementation (multi-bound to {@link TargetEstimatorDefinition}). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds definitions of any options type
export interface TargetEstimatorDefinition<Options = any> {
  readonly meta: ComponentMeta;
  create(options: Options): TargetEstimator;
}
export const TargetEstimatorDefinition = Symbol.for('bladerec.TargetEstimatorDefinition');

/**
 * The three estimator registries the alignment trainer reads its components from: collects every
 * bound prior store, evidence estimator and target estimator definition.
 */
@injectable()
export class AlignmentComponents {
  readonly priorStores: ComponentRegistry<PriorStoreDefinition, PriorStore>;
  readonly evidenceEstimators: ComponentRegistry<EvidenceEstimatorDefinition, EvidenceEstimator>;
  readonly targetEstimators: ComponentRegistry<TargetEstimatorDefinition, TargetEstimator>;

  constructor(
    @multiInject(PriorStoreDefinition) @optional() priors: readonly PriorStoreDefinition[] = [],
    @multiInject(EvidenceEstimatorDefinition) @optional() evidence: readonly EvidenceEstimatorDefinition[] = [],
    @multiInject(TargetEstimatorDefinition) @optional() targets: readonly TargetEstimatorDefinition[] = [],
  ) {
    this.priorStores = new DefinitionRegistry('prior store', priors ?? []);
    this.evidenceEstimators = new DefinitionRegistry('evidence estimator', evidence ?? []);
    this.targetEstimators = new DefinitionRegistry('target estimator', targets ?? []);
  }

  /** Creates `{ kind, options }` from the matching registry. */
  create(
    kind: 'prior' | 'evidence' | 'target',
    spec: { kind: string; options?: Record<string, unknown> },
    site: ReferenceSite = {},
  ): PriorStore | EvidenceEstimator | TargetEstimator {
    const registry =
      kind === 'prior' ? this.priorStores : kind === 'evidence' ? this.evidenceEstimators : this.targetEstimators;
    return registry.create(spec.kind, spec.options ?? {}, site);
  }
}
