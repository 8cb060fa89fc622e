import {
  type PriorStore,
  type PriorStoreDefinition,
  type PriorStoreState,
  type RewardPrior,
  type Static,
  Type,
} from '@bladerec/core';
import { groupMoments } from '../evidence/group-moments.js';
import { studentTCdf } from '../math/special-functions.js';

/** Options of the `nig` prior store (design D2). */
export const NigOptions = Type.Object(
  {
    tempering: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      default: 0.5,
      description: 'Power-prior tempering c: the M seed rewards count as c·M observations.',
    }),
    discount: Type.Number({
      exclusiveMinimum: 0,
      maximum: 1,
      default: 0.9,
      description:
        'Discount λ: the next prior is (μ_N, λκ_N, λa_N, λb_N) — memory ≈ N/(1−λ) rollouts; 1 = no forgetting.',
    }),
    bFloor: Type.Number({
      exclusiveMinimum: 0,
      default: 1e-4,
      description: 'Added to b₀ so that a context whose seeds are all equal keeps a finite variance.',
    }),
  },
  { additionalProperties: false },
);
export type NigOptions = Static<typeof NigOptions>;

/** Normal–Inverse-Gamma parameters. */
export interface NigParams {
  readonly mu: number;
  readonly kappa: number;
  readonly a: number;
  readonly b: number;
}

/**
 * Conjugate update of NIG parameters with observations (Murphy 2007, §3):
 * κ_N = κ₀ + n, μ_N = (κ₀μ₀ + n r̄)/κ_N, a_N = a₀ + n/2, b_N = b₀ + S/2 + κ₀ n (r̄ − μ₀)² / (2κ_N),
 * with `S = Σ (r − r̄)²`. Associative when applied without discounting.
 */
export function nigUpdate(prior: NigParams, n: number, mean: number, sumSquares: number): NigParams {
  if (n === 0) return prior;
  const kappa = prior.kappa + n;
  return {
    mu: (prior.kappa * prior.mu + n * mean) / kappa,
    kappa,
    a: prior.a + n / 2,
    b: prior.b + sumSquares / 2 + (prior.kappa * n * (mean - prior.mu) ** 2) / (2 * kappa),
  };
}

/** Posterior-predictive Student-t location/scale/ν of NIG parameters: `t_{2a}(μ, b(κ+1)/(aκ))`. */
export function nigPredictive(p: NigParams): { nu: number; loc: number; scale: number } {
  return { nu: 2 * p.a, loc: p.mu, scale: Math.sqrt((p.b * (p.kappa + 1)) / (p.a * p.kappa)) };
}

/** A prior given by NIG parameters; its CDF is the posterior predictive. */
export class NigPrior implements RewardPrior {
  readonly count: number;
  constructor(readonly nig: NigParams) {
    this.count = nig.kappa;
  }

  cdfBelow(r: number): number {
    const { nu, loc, scale } = nigPredictive(this.nig);
    return studentTCdf((r - loc) / scale, nu);
  }

  cdfAtOrBelow(r: number): number {
    return this.cdfBelow(r);
  }
}

/**
 * Design D2's historical prior: per context the four NIG sufficient statistics `(μ, κ, a, b)`,
 * seeded from M reference rewards as a tempered power prior (`μ₀ = h̄, κ₀ = cM, a₀ = cM/2,
 * b₀ = c·Σ(h − h̄)²/2 + b_floor`) and refreshed by discounted Bayes: after a step's rollouts the next
 * prior is the posterior with κ, a, b multiplied by λ. Unseen contexts use the global prior from the
 * pooled seeds.
 */
export class NigPriorStore implements PriorStore {
  readonly kind = 'nig';
  private readonly params = new Map<number, NigParams>();
  private pooled: number[] = [];

  constructor(readonly options: NigOptions) {}

  get size(): number {
    return this.params.size;
  }

  /** The tempered power prior of a reward sample. */
  powerPrior(rewards: ArrayLike<number>): NigParams {
    const n = rewards.length;
    const { mean, sumSquares } = groupMoments(rewards);
    const c = this.options.tempering;
    return {
      mu: mean,
      kappa: Math.max(c * n, 1e-6),
      a: Math.max((c * n) / 2, 0.5),
      b: (c * sumSquares) / 2 + this.options.bFloor,
    };
  }

  seed(key: number, rewards: ArrayLike<number>): void {
    if (rewards.length === 0) return;
    this.params.set(key, this.powerPrior(rewards));
    for (let i = 0; i < rewards.length; i++) this.pooled.push(rewards[i]!);
  }

  prior(key: number): NigPrior {
    return new NigPrior(this.params.get(key) ?? this.powerPrior(this.pooled.length > 0 ? this.pooled : [0]));
  }

  update(key: number, rewards: ArrayLike<number>): void {
    const current = this.params.get(key);
    if (!current) {
      this.seed(key, rewards);
      return;
    }
    const { mean, sumSquares } = groupMoments(rewards);
    const post = nigUpdate(current, rewards.length, mean, sumSquares);
    const l = this.options.discount;
    this.params.set(key, { mu: post.mu, kappa: l * post.kappa, a: Math.max(l * post.a, 0.5), b: l * post.b });
  }

  save(): PriorStoreState {
    return { kind: this.kind, data: { params: Object.fromEntries(this.params), pooled: this.pooled } };
  }

  load(state: PriorStoreState): void {
    if (state.kind !== this.kind) throw new Error(`cannot load a '${state.kind}' prior store into '${this.kind}'`);
    const data = state.data as { params: Record<string, NigParams>; pooled: number[] };
    this.params.clear();
    for (const [k, p] of Object.entries(data.params)) this.params.set(Number(k), p);
    this.pooled = [...data.pooled];
  }
}

export const nigPriorStore: PriorStoreDefinition<NigOptions> = {
  meta: {
    id: 'nig',
    description: 'Normal–Inverse-Gamma sufficient statistics per context with discounted Bayes refresh (design D2).',
    schema: NigOptions,
  },
  create: (options) => new NigPriorStore(options),
};
