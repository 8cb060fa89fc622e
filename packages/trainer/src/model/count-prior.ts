import type { SequenceExample } from '@bladerec/core';

/**
 * Sparse per-row additive logits as CSR: row r adds `values[j]` to the logit of `items[j]` for
 * `j ∈ [offsets[r], offsets[r+1])`. `offsets` has `rows + 1` entries.
 */
export interface RowCorrections {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  readonly values: Float32Array;
}

/** The rows a prior is evaluated for: each row's last item (−1: none) and, in training, its own target. */
export interface PriorRows {
  /** The item each row conditions on (the last item of its history); negative = no item. */
  readonly last: Int32Array;
  /**
   * Leave-one-out targets (training only): row r's own transition `last[r] → leaveOut[r]` is removed
   * from the counts it is scored with (negative = nothing removed).
   */
  readonly leaveOut?: Int32Array;
  /**
   * The items at lags 2 … L of each row (`rows × (L − 1)`, row-major: the item before the last one
   * first; negative = none), for a prior with `countPrior.lags` L > 1 ({@link lagCorrections}).
   */
  readonly earlier?: Int32Array;
  /**
   * The items each row's history holds (CSR over the rows), for a prior with `countPrior.repeat`:
   * the row's logits get `ω·[i ∈ history]` ({@link lagCorrections}).
   */
  readonly history?: { readonly offsets: Int32Array; readonly items: Int32Array };
}

/** Names of the count tables of the lag-ℓ prior in a model file (ℓ = 1: {@link COUNT_PRIOR_TENSORS}). */
export function countPriorTensorNames(lag: number): readonly string[] {
  const prefix = lag === 1 ? 'countPrior.' : `countPrior.lag${lag}.`;
  return ['popularity', 'offsets', 'followers', 'counts'].map((n) => prefix + n);
}

/** Names of the count tables in a model file (float32 tensors; integers below 2²⁴ are exact). */
export const COUNT_PRIOR_TENSORS = [
  'countPrior.popularity',
  'countPrior.offsets',
  'countPrior.followers',
  'countPrior.counts',
] as const;

/**
 * The first-order transition prior of a policy (a count-based "direct connection", cf. n-gram
 * features of neural language models, Mikolov et al. 2011), with Dirichlet smoothing toward the
 * training popularity (MacKay & Peto 1995):
 *
 *   p̂(i | j) = (c(j,i) + λ·p_pop(i)) / (c(j) + λ),   p_pop(i) = (n_i + 1) / (N + V),
 *
 * where `c(j,i)` counts the transitions j → i and `n_i` the occurrences of i in the training
 * sequences `history ++ targets` (exactly as `TransitionRecommender` counts them; add-one smoothing
 * keeps p_pop > 0 for items never seen), `c(j) = Σ_i c(j,i)`. The policy adds `γ·log p̂(i | last)`
 * to its logits. Split as
 *
 *   log p̂(i|j) = log(λ p_pop(i)) + log(1 + c(j,i)/(λ p_pop(i))) − log(c(j) + λ),
 *
 * the first term is one item vector ({@link base}, folded into the output bias), the second is
 * sparse (the followers of j only; {@link corrections}), the third a per-row constant that cancels
 * in every softmax and is dropped. A row without a last item gets the popularity term alone. With
 * leave-one-out, a training row scored on its own transition j → y uses `c(j,y) − 1`.
 */
export class CountPrior {
  /** `log(λ·p_pop(i))` per item. */
  readonly base: Float32Array;
  private readonly lambdaPop: Float64Array;

  /**
   * @param popularity `n_i` per item.
   * @param offsets follower CSR over the `V` items (`V + 1` entries).
   * @param followers the followers i of each item j, sorted ascending within a row.
   * @param counts `c(j, i)` of each follower entry.
   */
  constructor(
    readonly smoothing: number,
    readonly popularity: Float64Array,
    readonly offsets: Int32Array,
    readonly followers: Int32Array,
    readonly counts: Float64Array,
  ) {
    if (!(smoothing > 0 && Number.isFinite(smoothing))) {
      throw new RangeError(`count prior: smoothing must be > 0, got ${smoothing}`);
    }
    const V = popularity.length;
    if (offsets.length !== V + 1 || offsets[V] !== followers.length || counts.length !== followers.length)
      throw new RangeError('count prior: follower table does not match the item count');
    let total = 0;
    for (const n of popularity) total += n;
    this.lambdaPop = new Float64Array(V);
    this.base = new Float32Array(V);
    for (let i = 0; i < V; i++) {
      this.lambdaPop[i] = (smoothing * (popularity[i]! + 1)) / (total + V);
      this.base[i] = Math.log(this.lambdaPop[i]!);
    }
  }

  get numItems(): number {
    return this.popularity.length;
  }

  /**
   * Counts the transitions and occurrences of `history ++ targets` of every example; with `lag` ℓ > 1
   * the "transitions" are the pairs `(s_t, s_{t+ℓ})` (the lag-ℓ prior p̂_ℓ(i | item ℓ steps back)).
   */
  static fromExamples(numItems: number, examples: readonly SequenceExample[], smoothing: number, lag = 1): CountPrior {
    const popularity = new Float64Array(numItems);
    const rows = Array.from({ length: numItems }, () => new Map<number, number>());
    for (const ex of examples) {
      const seq = [...ex.history, ...ex.targets];
      for (const i of seq) popularity[i]!++;
      for (let t = 0; t + lag < seq.length; t++) {
        const row = rows[seq[t]!]!;
        row.set(seq[t + lag]!, (row.get(seq[t + lag]!) ?? 0) + 1);
      }
    }
    const offsets = new Int32Array(numItems + 1);
    rows.forEach((row, j) => (offsets[j + 1] = offsets[j]! + row.size));
    const followers = new Int32Array(offsets[numItems]!);
    const counts = new Float64Array(offsets[numItems]!);
    rows.forEach((row, j) => {
      const sorted = [...row].sort((a, b) => a[0] - b[0]);
      sorted.forEach(([i, c], k) => {
        followers[offsets[j]! + k] = i;
        counts[offsets[j]! + k] = c;
      });
    });
    return new CountPrior(smoothing, popularity, offsets, followers, counts);
  }

  /** `c(j, i)` (0 when i never follows j). */
  count(j: number, i: number): number {
    const k = this.find(j, i);
    return k < 0 ? 0 : this.counts[k]!;
  }

  /** `c(j) = Σ_i c(j, i)`. */
  rowTotal(j: number): number {
    let s = 0;
    for (let k = this.offsets[j]!; k < this.offsets[j + 1]!; k++) s += this.counts[k]!;
    return s;
  }

  /** `log p̂(i | j)` in float64 (the readable definition; `j < 0`: `log p_pop(i)`). */
  logProb(i: number, j: number, leaveOut = -1): number {
    const lp = this.lambdaPop[i]!;
    if (j < 0) return Math.log(lp / this.smoothing);
    const drop = leaveOut >= 0 && this.count(j, leaveOut) > 0 ? 1 : 0;
    const c = this.count(j, i) - (i === leaveOut ? drop : 0);
    return Math.log((c + lp) / (this.rowTotal(j) - drop + this.smoothing));
  }

  /**
   * The sparse part `log(1 + c(j,i)/(λ p_pop(i)))` for each row's followers (entries that are 0
   * after leave-one-out are dropped).
   */
  corrections(rows: PriorRows): RowCorrections {
    const { last, leaveOut } = rows;
    const P = last.length;
    const offsets = new Int32Array(P + 1);
    for (let r = 0; r < P; r++) {
      const j = last[r]!;
      offsets[r + 1] = offsets[r]! + (j >= 0 ? this.offsets[j + 1]! - this.offsets[j]! : 0);
    }
    const items = new Int32Array(offsets[P]!);
    const values = new Float32Array(offsets[P]!);
    let n = 0;
    for (let r = 0; r < P; r++) {
      const j = last[r]!;
      offsets[r] = n;
      if (j < 0) continue;
      const y = leaveOut ? leaveOut[r]! : -1;
      for (let k = this.offsets[j]!; k < this.offsets[j + 1]!; k++) {
        const i = this.followers[k]!;
        const c = this.counts[k]! - (i === y ? 1 : 0);
        if (c <= 0) continue;
        items[n] = i;
        values[n++] = Math.log1p(c / this.lambdaPop[i]!);
      }
    }
    offsets[P] = n;
    return { offsets, items: items.slice(0, n), values: values.slice(0, n) };
  }

  /** The tables as named float32 arrays (see {@link countPriorTensorNames}; `lag` names them). */
  tensors(lag = 1): Map<string, Float32Array> {
    if (this.followers.length >= 2 ** 24) {
      throw new RangeError('count prior: more than 2^24 transitions cannot be stored');
    }
    const [pop, off, fol, cnt] = countPriorTensorNames(lag) as [string, string, string, string];
    return new Map([
      [pop, Float32Array.from(this.popularity)],
      [off, Float32Array.from(this.offsets)],
      [fol, Float32Array.from(this.followers)],
      [cnt, Float32Array.from(this.counts)],
    ]);
  }

  /** Rebuilds a prior from {@link tensors} (of lag `lag`); undefined when the tables are absent. */
  static fromTensors(smoothing: number, tensors: ReadonlyMap<string, Float32Array>, lag = 1): CountPrior | undefined {
    const [pop, off, fol, cnt] = countPriorTensorNames(lag).map((name) => tensors.get(name));
    if (!pop || !off || !fol || !cnt) return undefined;
    return new CountPrior(
      smoothing,
      Float64Array.from(pop),
      Int32Array.from(off),
      Int32Array.from(fol),
      Float64Array.from(cnt),
    );
  }

  /** `k` with `followers[k] = i` in row j, or −1. */
  private find(j: number, i: number): number {
    let lo = this.offsets[j]!;
    let hi = this.offsets[j + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const f = this.followers[mid]!;
      if (f === i) return mid;
      if (f < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** Sparse per-row entries of several lag priors, merged: one entry per (row, item), one value array per lag. */
export interface LagCorrections {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  /**
   * `values[ℓ − 1][j]`: the lag-ℓ term `log(1 + c_ℓ(j_ℓ, i)/(λ p_pop(i)))` of entry j (0 where i does not follow j_ℓ).
   */
  readonly values: readonly Float32Array[];
  /** With `history`: 1 where entry j's item is in its row's history, else 0. */
  readonly inHistory?: Float32Array;
}

/**
 * The sparse parts of the lag priors `priors[ℓ − 1]` (ℓ = 1 … L) for `rows`, merged per row: row r's
 * lag-ℓ item is `last[r]` for ℓ = 1 and `earlier[r·(L−1) + ℓ − 2]` beyond; leave-one-out (training)
 * removes `last_ℓ → leaveOut` from every lag's counts. With weights γ_ℓ the logits get
 * `Σ_ℓ γ_ℓ·log p̂_ℓ(i | j_ℓ)` = `Σ_ℓ γ_ℓ·(log(λ p_pop(i)) + values[ℓ−1]) + a per-row constant`.
 * With `history` the rows' history items get entries too, marked in `inHistory` (the repeat term).
 */
export function lagCorrections(priors: readonly CountPrior[], rows: PriorRows, history = false): LagCorrections {
  if (history && !rows.history) throw new RangeError('the repeat term needs the history of each row');
  const L = priors.length;
  const P = rows.last.length;
  const parts = priors.map((prior, l) => {
    const last =
      l === 0 ? rows.last : Int32Array.from({ length: P }, (_, r) => rows.earlier?.[r * (L - 1) + l - 1] ?? -1);
    return prior.corrections({ last, leaveOut: rows.leaveOut });
  });
  const offsets = new Int32Array(P + 1);
  const items: number[] = [];
  const values: number[][] = priors.map(() => []);
  const inHistory: number[] = [];
  const slot = new Map<number, number>();
  const entry = (i: number) => {
    let at = slot.get(i);
    if (at === undefined) {
      slot.set(i, (at = items.length));
      items.push(i);
      for (const v of values) v.push(0);
      inHistory.push(0);
    }
    return at;
  };
  for (let r = 0; r < P; r++) {
    slot.clear();
    parts.forEach((part, l) => {
      for (let k = part.offsets[r]!; k < part.offsets[r + 1]!; k++) values[l]![entry(part.items[k]!)] = part.values[k]!;
    });
    if (history) {
      const h = rows.history!;
      for (let k = h.offsets[r]!; k < h.offsets[r + 1]!; k++) inHistory[entry(h.items[k]!)] = 1;
    }
    offsets[r + 1] = items.length;
  }
  return {
    offsets,
    items: Int32Array.from(items),
    values: values.map((v) => Float32Array.from(v)),
    ...(history ? { inHistory: Float32Array.from(inHistory) } : {}),
  };
}

/**
 * {@link PriorRows.earlier} for positions of a right-aligned token batch (`length` tokens per row):
 * the tokens 1 … L − 1 places before each position within its row (padding and the row's start: −1);
 * undefined for `lags` ≤ 1.
 */
export function earlierTokens(
  batch: { readonly length: number; readonly tokens: Int32Array },
  positions: ArrayLike<number>,
  lags: number,
): Int32Array | undefined {
  if (lags <= 1) return undefined;
  const T = batch.length;
  const out = new Int32Array(positions.length * (lags - 1)).fill(-1);
  for (let r = 0; r < positions.length; r++) {
    const p = positions[r]!;
    for (let l = 2; l <= lags && (p % T) - l + 1 >= 0; l++) {
      const token = batch.tokens[p - l + 1]!;
      out[r * (lags - 1) + l - 2] = token >= 0 ? token : -1;
    }
  }
  return out;
}

/**
 * {@link PriorRows.history} for positions of a right-aligned token batch (`length` tokens per row): the
 * tokens of each position's row up to and including the position (padding skipped).
 */
export function historyTokens(
  batch: { readonly length: number; readonly tokens: Int32Array },
  positions: ArrayLike<number>,
): { offsets: Int32Array; items: Int32Array } {
  const T = batch.length;
  const offsets = new Int32Array(positions.length + 1);
  const items: number[] = [];
  for (let r = 0; r < positions.length; r++) {
    const p = positions[r]!;
    for (let q = p - (p % T); q <= p; q++) if (batch.tokens[q]! >= 0) items.push(batch.tokens[q]!);
    offsets[r + 1] = items.length;
  }
  return { offsets, items: Int32Array.from(items) };
}
