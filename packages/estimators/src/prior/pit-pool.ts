/**
 * The distribution `G` on [0, 1] of the randomized probability integral transform (PIT) of rewards,
 * each under its own context's reference CDF: a reward `r` of context x contributes the uniform
 * interval `[H_ref,x(r−), H_ref,x(r)]` (a point when `H_ref,x` has no atom at `r`). Under draws from
 * the reference itself `G` is Uniform(0, 1) exactly, so `G` records how far the policy has moved
 * from its reference on a scale shared by every context.
 *
 * Kept as a histogram of `bins` equal bins with a piecewise-linear CDF (fixed size, deterministic,
 * O(1) to read): an interval spreads its weight over the bins it overlaps in proportion to the
 * overlap; a point goes to the bin that ends at or after it (a point on a bin edge `u = j/bins` to
 * the bin `[u − 1/bins, u]`, so that `G(u)` counts it, as the quantile map `inf{s: H(s) ≥ u}`
 * does). Intervals whose ends are multiples of `1/bins` (M equally weighted reference rewards with
 * M dividing `bins`) are represented exactly; a point is smeared over one bin (resolution 1/bins).
 *
 * The step's groups are collected in a pending histogram and folded in by {@link commit}:
 * `G ← (1 − η)·G + η·(mean over the step's groups of each group's PIT distribution)`.
 */
export class PitPool {
  private current: PitCdf;
  private pending: Float64Array;
  private pendingGroups = 0;

  constructor(readonly bins: number) {
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`pool bins must be a positive integer, got ${bins}`);
    this.current = new PitCdf(new Float64Array(bins).fill(1 / bins));
    this.pending = new Float64Array(bins);
  }

  /** The committed `G` (immutable: later commits build a new one). */
  get cdf(): PitCdf {
    return this.current;
  }

  /** Number of groups waiting for {@link commit}. */
  get pendingCount(): number {
    return this.pendingGroups;
  }

  /** Adds one group: the PIT intervals `[lo_i, hi_i]` of its n rewards, weight 1/n each. */
  addGroup(lo: ArrayLike<number>, hi: ArrayLike<number>): void {
    const n = lo.length;
    if (n === 0) return;
    for (let i = 0; i < n; i++) addInterval(this.pending, lo[i]!, hi[i]!, 1 / n);
    this.pendingGroups++;
  }

  /** Folds the pending groups into `G` with rate η (nothing pending: no change). */
  commit(eta: number): void {
    if (this.pendingGroups === 0) return;
    const old = this.current.mass;
    const mass = new Float64Array(this.bins);
    for (let j = 0; j < this.bins; j++) mass[j] = (1 - eta) * old[j]! + (eta * this.pending[j]!) / this.pendingGroups;
    this.current = new PitCdf(mass);
    this.pending = new Float64Array(this.bins);
    this.pendingGroups = 0;
  }

  save(): PitPoolState {
    return {
      bins: this.bins,
      mass: Array.from(this.current.mass),
      pending: Array.from(this.pending),
      pendingGroups: this.pendingGroups,
    };
  }

  load(state: PitPoolState): void {
    if (state.bins !== this.bins || state.mass.length !== this.bins || state.pending.length !== this.bins) {
      throw new Error(`pooled prior state has ${state.bins} pool bins, the store ${this.bins}`);
    }
    this.current = new PitCdf(Float64Array.from(state.mass));
    this.pending = Float64Array.from(state.pending);
    this.pendingGroups = state.pendingGroups;
  }
}

/** JSON state of a {@link PitPool} (exact: doubles round-trip through JSON). */
export interface PitPoolState {
  readonly bins: number;
  readonly mass: number[];
  readonly pending: number[];
  readonly pendingGroups: number;
}

/** A histogram CDF on [0, 1]: `G(u) = Σ_{i<j} mass_i + mass_j·(u·bins − j)` with `j = ⌊u·bins⌋`. */
export class PitCdf {
  readonly bins: number;
  private readonly cumulative: Float64Array;

  constructor(readonly mass: Float64Array) {
    this.bins = mass.length;
    this.cumulative = new Float64Array(this.bins + 1);
    for (let j = 0; j < this.bins; j++) this.cumulative[j + 1] = this.cumulative[j]! + mass[j]!;
  }

  /** `G(u)`, clamped to [0, 1]; `G(0) = 0`, `G(1) = 1`. */
  at(u: number): number {
    const x = snap(u * this.bins);
    if (x <= 0) return 0;
    if (x >= this.bins) return 1;
    const j = Math.floor(x);
    return Math.min(1, Math.max(0, this.cumulative[j]! + this.mass[j]! * (x - j)));
  }
}

/**
 * The readable definition of the pool's CDF, for checking the histogram: a weighted mixture of
 * uniform intervals and points, `G(u) = Σ_k ω_k · P(U_k ≤ u) / Σ_k ω_k` with `U_k ~ Uniform[lo_k, hi_k]`.
 */
export function intervalMixtureCdf(
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  weights: ArrayLike<number>,
  u: number,
): number {
  let total = 0;
  let below = 0;
  for (let k = 0; k < lo.length; k++) {
    const a = lo[k]!;
    const b = hi[k]!;
    const w = weights[k]!;
    total += w;
    if (b > a) below += w * Math.min(1, Math.max(0, (u - a) / (b - a)));
    else if (a <= u) below += w;
  }
  return total > 0 ? below / total : 0;
}

/** Adds weight `w` spread uniformly over [lo, hi] (a point when lo = hi) to a histogram on [0, 1]. */
function addInterval(mass: Float64Array, lo: number, hi: number, w: number): void {
  const bins = mass.length;
  const x0 = Math.min(bins, Math.max(0, snap(lo * bins)));
  const x1 = Math.min(bins, Math.max(x0, snap(hi * bins)));
  if (x1 - x0 < 1e-12) {
    mass[Math.max(0, Math.min(bins - 1, Math.ceil(x0) - 1))]! += w;
    return;
  }
  const width = x1 - x0;
  for (let j = Math.floor(x0); j < Math.min(bins, Math.ceil(x1)); j++) {
    const overlap = Math.min(x1, j + 1) - Math.max(x0, j);
    if (overlap > 0) mass[j]! += (w * overlap) / width;
  }
}

/** Rounds float noise off values that are integers up to 1e-9 (sums of 1/M weights). */
function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) < 1e-9 ? r : x;
}
