import type { CorpusMetric, ListReward, RewardInput } from '@bladerec/core';
import type fc from 'fast-check';
import type { ScenarioLimits } from '../arbitraries/scenario-arbitrary.js';
import type { ReferenceCorpus, ReferenceExample } from '../arbitraries/scenario.js';

/** A configured list reward under test. */
export interface RewardSubject {
  readonly reward: ListReward;
  readonly requires: readonly RewardInput[];
  /** Slow, readable implementation the fast one must agree with. */
  readonly reference?: (example: ReferenceExample) => number;
  readonly limits: ScenarioLimits;
  /** Relative tolerance for comparisons that reorder floating-point sums. */
  readonly tolerance: number;
}

/** A configured corpus metric under test. */
export interface CorpusSubject {
  readonly metric: CorpusMetric;
  readonly requires: readonly RewardInput[];
  readonly reference?: (corpus: ReferenceCorpus) => number;
  readonly properties: readonly string[];
  readonly limits: ScenarioLimits;
  readonly tolerance: number;
}

/** One conformance check: applies to some subjects, runs as a fast-check property. */
export interface Check<S> {
  /** Test title. */
  readonly name: string;
  applies(subject: S): boolean;
  /** Why the check is skipped when it does not apply, e.g. `the reward does not declare 'order-invariant'`. */
  readonly skipReason?: string;
  run(subject: S, params: fc.Parameters<unknown>): void;
}

/** `undefined` when `check` applies to `subject`, else the reason it is skipped (reported, never a pass). */
export function skippedBecause<S>(check: Check<S>, subject: S): string | undefined {
  return check.applies(subject) ? undefined : (check.skipReason ?? 'the check does not apply to this subject');
}
