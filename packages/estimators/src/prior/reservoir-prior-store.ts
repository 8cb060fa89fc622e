import { type PriorStore, type PriorStoreDefinition, type PriorStoreState, type Static, Type } from '@bladerec/core';
import { EmpiricalPrior, silvermanBandwidth } from './empirical-prior.js';

/** Options of the `reservoir` prior store (design D1). */
export const ReservoirOptions = Type.Object(
  {
    maxSize: Type.Integer({
      minimum: 2,
      default: 256,
      description: 'Most entries kept per context; the lightest (oldest) are dropped.',
    }),
    eta: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 0.2,
      description: "EMA refresh rate η: H ← (1−η)H + η·(empirical distribution of the step's rollouts). 0 = static.",
    }),
    smoothing: Type.Union([Type.Literal('none'), Type.Literal('silverman')], {
      default: 'none',
      description:
        "'none': exact ties (discrete metrics); 'silverman': Gaussian kernel with Silverman's bandwidth per context (continuous rewards).",
    }),
  },
  { additionalProperties: false },
);
export type ReservoirOptions = Static<typeof ReservoirOptions>;

interface Entry {
  values: Float64Array;
  weights: Float64Array;
}

/**
 * Design D1's historical prior: per context a weighted reservoir `{(h_m, ω_m)}` of rewards, seeded
 * with M cached reference-policy rewards (`ω = 1/M`) and refreshed every step by an EMA of past
 * evidence — old weights × (1−η), the step's N rewards appended at η/N each, then the lightest
 * entries beyond `maxSize` dropped and the rest renormalised (no randomness, so checkpoints resume
 * exactly). Unseen contexts fall back to the global prior: the pooled seeds of every context,
 * thinned to `maxSize` by quantiles.
 */
export class ReservoirPriorStore implements PriorStore {
  readonly kind = 'reservoir';
  private readonly entries = new Map<number, Entry>();
  private globalValues: number[] = [];
  private globalCache?: EmpiricalPrior;

  constructor(readonly options: ReservoirOptions) {}

  get size(): number {
    return this.entries.size;
  }

  seed(key: number, rewards: ArrayLike<number>): void {
    const m = rewards.length;
    if (m === 0) return;
    this.entries.set(key, { values: Float64Array.from(rewards), weights: new Float64Array(m).fill(1 / m) });
    this.prune(this.entries.get(key)!);
    for (let i = 0; i < m; i++) this.globalValues.push(rewards[i]!);
    this.globalCache = undefined;
  }

  prior(key: number): EmpiricalPrior {
    const entry = this.entries.get(key);
    if (entry) return new EmpiricalPrior(entry.values, entry.weights, this.bandwidth(entry.values));
    return this.globalPrior();
  }

  update(key: number, rewards: ArrayLike<number>): void {
    const n = rewards.length;
    if (n === 0) return;
    const entry = this.entries.get(key);
    if (!entry) {
      this.seed(key, rewards);
      return;
    }
    const eta = this.options.eta;
    if (eta === 0) return;
    const m = entry.values.length;
    const values = new Float64Array(m + n);
    const weights = new Float64Array(m + n);
    values.set(entry.values);
    for (let i = 0; i < m; i++) weights[i] = entry.weights[i]! * (1 - eta);
    for (let i = 0; i < n; i++) {
      values[m + i] = rewards[i]!;
      weights[m + i] = eta / n;
    }
    entry.values = values;
    entry.weights = weights;
    this.prune(entry);
  }

  save(): PriorStoreState {
    const data: Record<string, { values: number[]; weights: number[] }> = {};
    for (const [key, e] of this.entries) data[key] = { values: Array.from(e.values), weights: Array.from(e.weights) };
    return { kind: this.kind, data: { options: this.options, entries: data, global: this.globalValues } };
  }

  load(state: PriorStoreState): void {
    if (state.kind !== this.kind) throw new Error(`cannot load a '${state.kind}' prior store into '${this.kind}'`);
    const data = state.data as { entries: Record<string, { values: number[]; weights: number[] }>; global: number[] };
    this.entries.clear();
    for (const [key, e] of Object.entries(data.entries))
      this.entries.set(Number(key), { values: Float64Array.from(e.values), weights: Float64Array.from(e.weights) });
    this.globalValues = [...data.global];
    this.globalCache = undefined;
  }

  private bandwidth(values: Float64Array): number {
    return this.options.smoothing === 'silverman' ? silvermanBandwidth(values) : 0;
  }

  /** Drops the lightest entries beyond `maxSize` (ties: the older one) and renormalises. */
  private prune(entry: Entry): void {
    const m = entry.values.length;
    let keep = Array.from({ length: m }, (_, i) => i);
    if (m > this.options.maxSize) {
      keep = keep
        .sort((a, b) => entry.weights[b]! - entry.weights[a]! || b - a)
        .slice(0, this.options.maxSize)
        .sort((a, b) => a - b);
    }
    let total = 0;
    for (const i of keep) total += entry.weights[i]!;
    entry.values = Float64Array.from(keep, (i) => entry.values[i]!);
    entry.weights = Float64Array.from(keep, (i) => entry.weights[i]! / total);
  }

  private globalPrior(): EmpiricalPrior {
    if (!this.globalCache) {
      const sorted = Float64Array.from(this.globalValues).sort();
      const k = Math.min(sorted.length, this.options.maxSize);
      const values = new Float64Array(k);
      for (let i = 0; i < k; i++)
        values[i] = sorted[Math.min(sorted.length - 1, Math.floor(((i + 0.5) * sorted.length) / k))]!;
      this.globalCache = new EmpiricalPrior(
        values,
        new Float64Array(k).fill(k > 0 ? 1 / k : 0),
        this.bandwidth(values),
      );
    }
    return this.globalCache;
  }
}

export const reservoirPriorStore: PriorStoreDefinition<ReservoirOptions> = {
  meta: {
    id: 'reservoir',
    description:
      'Weighted reward reservoir per context with EMA refresh (design D1; η = 0 gives the static reference CDF of vBoN/BOND).',
    schema: ReservoirOptions,
  },
  create: (options) => new ReservoirPriorStore(options),
};
