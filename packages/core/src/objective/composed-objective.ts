import type { ListReward, ListRewardMeta, RewardProperty } from '../rewards/list-reward.js';
import type { RewardInput, RewardInputs } from '../rewards/reward-inputs.js';
import type { TermNormalization } from './objective-config.js';

/** A configured term of a {@link ComposedObjective}. */
export interface ObjectiveTerm {
  /** Display name, e.g. `ndcg@10`. */
  readonly name: string;
  readonly reward: ListReward;
  readonly weight: number;
  readonly normalize: TermNormalization;
}

/** Raw per-term scores and the weighted total for one batch. */
export interface TermScores {
  /** `terms[t][b]`: raw score of term `t` for list `b` (as the reward returned it). */
  readonly terms: readonly Float64Array[];
  /** `total[b] = Σ_t weight_t · transform_t(terms[t][b])`. */
  readonly total: Float64Array;
}

/**
 * A weighted sum of list rewards, itself a {@link ListReward} (higher is better):
 *
 *   objective(L) = Σ_t w_t · T_t(r_t(L)),
 *
 * where `T_t` orients and optionally normalises term t:
 * - `normalize: 'none'`  → `T(x) = x` if the reward is higher-is-better, else `−x`;
 * - `normalize: 'range'` → `T(x) = (x − lo)/(hi − lo)` (or `(hi − x)/(hi − lo)` when lower is better),
 *   so the declared range `[lo, hi]` maps to `[0, 1]` with 1 = best.
 *
 * Per-term raw scores stay available through {@link scoreTerms}, so trainers can transform each term
 * (e.g. by a per-term rank) before weighting.
 */
export class ComposedObjective implements ListReward {
  readonly meta: ListRewardMeta;

  constructor(readonly terms: readonly ObjectiveTerm[]) {
    if (terms.length === 0) throw new RangeError('an objective needs at least one term');
    for (const term of terms) {
      if (!Number.isFinite(term.weight)) throw new RangeError(`term '${term.name}': weight must be finite`);
      const [lo, hi] = term.reward.meta.range;
      if (term.normalize === 'range' && !(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
        throw new RangeError(
          `term '${term.name}': normalize 'range' needs a finite declared range, got [${lo}, ${hi}]`,
        );
      }
    }
    this.meta = {
      id: 'objective',
      name: objectiveName(terms),
      description: 'Weighted sum of reward terms.',
      higherIsBetter: true,
      range: composedRange(terms),
      requires: [...new Set<RewardInput>(terms.flatMap((t) => t.reward.meta.requires))],
      properties: composedProperties(terms),
      unknownItems: terms.every((t) => t.reward.meta.unknownItems === 'skipped') ? 'skipped' : 'zero-gain',
      cutoff: commonCutoff(terms),
    };
  }

  /** `T_t(x)`: orientation and normalisation of term `t` (see class docs). */
  transform(termIndex: number, x: number): number {
    const term = this.terms[termIndex]!;
    const { higherIsBetter, range } = term.reward.meta;
    if (term.normalize === 'range') {
      const [lo, hi] = range;
      return higherIsBetter ? (x - lo) / (hi - lo) : (hi - x) / (hi - lo);
    }
    return higherIsBetter ? x : -x;
  }

  /** Raw scores of every term and the weighted total. */
  scoreTerms(inputs: RewardInputs): TermScores {
    const n = inputs.lists.size;
    const total = new Float64Array(n);
    const terms = this.terms.map((term, t) => {
      const raw = term.reward.score(inputs, new Float64Array(n));
      for (let b = 0; b < n; b++) total[b]! += term.weight * this.transform(t, raw[b]!);
      return raw;
    });
    return { terms, total };
  }

  score(inputs: RewardInputs, out?: Float64Array): Float64Array {
    const { total } = this.scoreTerms(inputs);
    if (!out) return total;
    out.set(total);
    return out;
  }
}

/**
 * What is maximised, with each term's real sign: a lower-is-better term with weight 0.1 is
 * `− 0.1·exposure-gap@10`; a range-normalised term is `norm(name)` (its range mapped to [0, 1], 1 =
 * best). E.g. `ndcg@10 + 0.1·ild@10 − 0.1·exposure-gap@10`.
 */
export function objectiveName(terms: readonly ObjectiveTerm[]): string {
  return terms
    .map((t, i) => {
      const ranged = t.normalize === 'range';
      const c = ranged || t.reward.meta.higherIsBetter ? t.weight : -t.weight;
      const body = ranged ? `norm(${t.name})` : t.name;
      const scaled = Math.abs(c) === 1 ? body : `${Math.abs(c)}·${body}`;
      if (i === 0) return c < 0 ? `−${scaled}` : scaled;
      return `${c < 0 ? ' − ' : ' + '}${scaled}`;
    })
    .join('');
}

function composedRange(terms: readonly ObjectiveTerm[]): [number, number] {
  let lo = 0;
  let hi = 0;
  terms.forEach((term) => {
    const [a, b] = term.reward.meta.range;
    let tLo: number;
    let tHi: number;
    if (term.normalize === 'range') [tLo, tHi] = [0, 1];
    else if (term.reward.meta.higherIsBetter) [tLo, tHi] = [a, b];
    else [tLo, tHi] = [-b, -a];
    const [x, y] = term.weight >= 0 ? [term.weight * tLo, term.weight * tHi] : [term.weight * tHi, term.weight * tLo];
    lo += Number.isNaN(x) ? 0 : x;
    hi += Number.isNaN(y) ? 0 : y;
  });
  return [lo, hi];
}

/**
 * Properties that survive composition: those every term declares. Relevance monotonicity also
 * needs non-negative weights on higher-is-better terms; cutoff invariance holds at the largest cutoff.
 */
function composedProperties(terms: readonly ObjectiveTerm[]): RewardProperty[] {
  const [first, ...rest] = terms.map((t) => new Set(t.reward.meta.properties));
  const shared = [...first!].filter((p) => rest.every((s) => s.has(p)));
  return shared.filter((p) => {
    if (p === 'relevance-monotone') return terms.every((t) => t.weight >= 0 && t.reward.meta.higherIsBetter);
    if (p === 'cutoff-invariant') return commonCutoff(terms) !== undefined;
    return true;
  });
}

/** The largest cutoff when every term has one (items below it change no term), else undefined. */
function commonCutoff(terms: readonly ObjectiveTerm[]): number | undefined {
  const cutoffs = terms.map((t) => t.reward.meta.cutoff);
  if (cutoffs.some((c) => c === undefined)) return undefined;
  return Math.max(...(cutoffs as number[]));
}
