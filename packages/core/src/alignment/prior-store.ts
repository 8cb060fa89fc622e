import type { RewardPrior } from './reward-prior.js';

/** JSON-serialisable state of a {@link PriorStore}, saved inside checkpoints. */
export interface PriorStoreState {
  readonly kind: string;
  readonly data: unknown;
}

/**
 * Per-context historical reward statistics — the "historical prior" half of BLADE's target.
 *
 * Lifecycle: {@link seed} each training context once with the rewards of M cached reference-policy
 * rollouts; read {@link prior} when building a step's targets; {@link update} with the step's N
 * rollout rewards to refresh the history (EMA of past posteriors, discounting). Contexts never
 * seeded fall back to a global prior pooled over every context.
 *
 * Keys are opaque integers chosen by the trainer (a context index, or `context × terms + term` for
 * per-term priors of composite objectives).
 *
 * Implementations (in `@bladerec/estimators`): a weighted reward reservoir with EMA refresh (design
 * D1) and Normal–Inverse-Gamma sufficient statistics with discounting (D2); see
 * `docs/method.md`.
 */
export interface PriorStore {
  /** Implementation id, e.g. `reservoir` or `nig`. */
  readonly kind: string;
  /** Number of keys with their own statistics. */
  readonly size: number;
  /** Seeds `key` with reference rewards (replaces whatever it held). */
  seed(key: number, rewards: ArrayLike<number>): void;
  /** The prior of `key`, or the global prior when the key was never seeded. */
  prior(key: number): RewardPrior;
  /** Refreshes `key` with one step's rollout rewards. */
  update(key: number, rewards: ArrayLike<number>): void;
  /** State for checkpoints. */
  save(): PriorStoreState;
  /** Restores a state produced by {@link save} of the same kind. @throws on a kind mismatch */
  load(state: PriorStoreState): void;
}
