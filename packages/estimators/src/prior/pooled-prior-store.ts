import {
  type PriorStore,
  type PriorStoreDefinition,
  type PriorStoreState,
  type RewardPrior,
  type Static,
  Type,
} from '@bladerec/core';
import { EmpiricalPrior, silvermanBandwidth } from './empirical-prior.js';
import { type PitCdf, PitPool, type PitPoolState } from './pit-pool.js';
import { ReservoirOptions, ReservoirPriorStore } from './reservoir-prior-store.js';

/** Options of the `pooled` prior store: the reservoir's, plus the pool and the shrinkage. */
export const PooledOptions = Type.Object(
  {
    ...ReservoirOptions.properties,
    kappa: Type.Number({
      minimum: 0,
      default: 2,
      description:
        'Shrinkage strength κ in refreshes: a context refreshed n times weighs its own reservoir by n/(n+κ) and ' +
        'the pool by κ/(n+κ). 0 = own reservoir only (the plain reservoir).',
    }),
    poolEta: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.2,
      description:
        "EMA rate of the global pool per step: G ← (1−η_G)G + η_G·(PIT distribution of the step's rewards). " +
        "0 = the pool stays Uniform(0,1) (each context's static reference).",
    }),
    poolBins: Type.Integer({
      minimum: 1,
      default: 960,
      description:
        'Histogram bins of the pool on [0, 1] (960 is divisible by every M in 1–6, 8, 10, 12, 15, 16, 20, 24, 30, ' +
        '32, 40, 48, 60, 64, …, so reference intervals fall on bin edges).',
    }),
  },
  { additionalProperties: false },
);
export type PooledOptions = Static<typeof PooledOptions>;

/**
 * A context's prior under the pooled store:
 * `H_x(s) = w·H_own,x(s) + (1−w)·G(H_ref,x(s))`, `H_x(s−) = w·H_own,x(s−) + (1−w)·G(H_ref,x(s−))`.
 * `count` mixes the effective sizes the same way, `w·count(H_own) + (1−w)·M_ref`.
 */
export class PooledPrior implements RewardPrior {
  readonly count: number;

  constructor(
    readonly own: RewardPrior,
    readonly reference: RewardPrior,
    readonly pool: PitCdf,
    readonly weight: number,
  ) {
    this.count = weight * own.count + (1 - weight) * reference.count;
  }

  cdfBelow(r: number): number {
    return this.mix(this.own.cdfBelow(r), this.pool.at(this.reference.cdfBelow(r)));
  }

  cdfAtOrBelow(r: number): number {
    return this.mix(this.own.cdfAtOrBelow(r), this.pool.at(this.reference.cdfAtOrBelow(r)));
  }

  private mix(own: number, pooled: number): number {
    const w = this.weight;
    if (w === 1) return own;
    if (w === 0) return pooled;
    return Math.min(1, Math.max(0, w * own + (1 - w) * pooled));
  }
}

interface Reference {
  readonly prior: EmpiricalPrior;
  /** Refreshes of the key so far (n_x). */
  refreshes: number;
}

/**
 * BLADE's hierarchical historical prior (design D1 with a pooled level, `docs/method.md`):
 *
 * - per key: the reference CDF `H_ref,x` of its seed rewards (fixed), the EMA reservoir `H_own,x`
 *   (exactly the `reservoir` store: seeded with the same rewards, refreshed with rate η), and the
 *   number of refreshes `n_x`;
 * - one global pool `G` on [0, 1] ({@link PitPool}): every refreshed reward adds its randomized PIT
 *   interval `[H_ref,x(r−), H_ref,x(r)]` under its own context's reference; the step's groups are
 *   folded in with rate `poolEta` when the next step first reads a prior (a step = the run of
 *   {@link update} calls between two reads, as the trainer computes a step's targets before it
 *   refreshes);
 * - `prior(x)`: `H_x(s) = w_x H_own,x(s) + (1 − w_x) G(H_ref,x(s))`, `w_x = n_x / (n_x + κ)`
 *   (`κ = 0`: `w_x = 1`). A context never refreshed still follows the policy's pooled progress,
 *   mapped through its own reference CDF.
 *
 * Limits: `κ = 0` is the plain reservoir; `κ → ∞` is the pool only; `poolEta = 0` keeps `G`
 * uniform, so the pooled part is the static reference and the prior shrinks the reservoir toward it.
 * Unseen keys fall back to the reservoir's global prior (the pooled seeds); an update of an unseen
 * key seeds it (its rewards become its reference) and adds nothing to the pool.
 */
export class PooledPriorStore implements PriorStore {
  readonly kind = 'pooled';
  private readonly own: ReservoirPriorStore;
  private readonly references = new Map<number, Reference>();
  private readonly pool: PitPool;

  constructor(readonly options: PooledOptions) {
    this.own = new ReservoirPriorStore({ maxSize: options.maxSize, eta: options.eta, smoothing: options.smoothing });
    this.pool = new PitPool(options.poolBins);
  }

  get size(): number {
    return this.own.size;
  }

  /** The committed pool `G` (for diagnostics and tests). */
  get poolCdf(): PitCdf {
    return this.pool.cdf;
  }

  /** Refreshes of `key` so far (0 when unseen). */
  refreshes(key: number): number {
    return this.references.get(key)?.refreshes ?? 0;
  }

  /** The shrinkage weight `w_x = n_x/(n_x + κ)` of the key's own reservoir (1 when κ = 0). */
  ownWeight(key: number): number {
    const n = this.refreshes(key);
    return this.options.kappa === 0 ? 1 : n / (n + this.options.kappa);
  }

  seed(key: number, rewards: ArrayLike<number>): void {
    if (rewards.length === 0) return;
    this.own.seed(key, rewards);
    this.references.set(key, { prior: this.referencePrior(Float64Array.from(rewards)), refreshes: 0 });
  }

  prior(key: number): RewardPrior {
    this.pool.commit(this.options.poolEta);
    const reference = this.references.get(key);
    const own = this.own.prior(key);
    if (!reference) return own;
    return new PooledPrior(own, reference.prior, this.pool.cdf, this.ownWeight(key));
  }

  update(key: number, rewards: ArrayLike<number>): void {
    const n = rewards.length;
    if (n === 0) return;
    const reference = this.references.get(key);
    if (!reference) {
      this.seed(key, rewards);
      return;
    }
    this.own.update(key, rewards);
    reference.refreshes++;
    const lo = new Float64Array(n);
    const hi = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      lo[i] = reference.prior.cdfBelow(rewards[i]!);
      hi[i] = reference.prior.cdfAtOrBelow(rewards[i]!);
    }
    this.pool.addGroup(lo, hi);
  }

  save(): PriorStoreState {
    const references: Record<string, { values: number[]; refreshes: number }> = {};
    for (const [key, r] of this.references) {
      references[key] = { values: Array.from(r.prior.values), refreshes: r.refreshes };
    }
    const data = { options: this.options, own: this.own.save(), references, pool: this.pool.save() };
    return { kind: this.kind, data };
  }

  load(state: PriorStoreState): void {
    if (state.kind !== this.kind) throw new Error(`cannot load a '${state.kind}' prior store into '${this.kind}'`);
    const data = state.data as {
      own: PriorStoreState;
      references: Record<string, { values: number[]; refreshes: number }>;
      pool: PitPoolState;
    };
    this.own.load(data.own);
    this.references.clear();
    for (const [key, r] of Object.entries(data.references)) {
      const prior = this.referencePrior(Float64Array.from(r.values));
      this.references.set(Number(key), { prior, refreshes: r.refreshes });
    }
    this.pool.load(data.pool);
  }

  private referencePrior(values: Float64Array): EmpiricalPrior {
    const m = values.length;
    const bandwidth = this.options.smoothing === 'silverman' ? silvermanBandwidth(values) : 0;
    return new EmpiricalPrior(values, new Float64Array(m).fill(1 / m), bandwidth);
  }
}

export const pooledPriorStore: PriorStoreDefinition<PooledOptions> = {
  meta: {
    id: 'pooled',
    description:
      'Per-context EMA reservoir shrunk toward a global pool of reference-CDF ranks (PIT) that every step ' +
      'refreshes (hierarchical D1; κ = 0 gives the reservoir).',
    schema: PooledOptions,
  },
  create: (options) => new PooledPriorStore(options),
};
