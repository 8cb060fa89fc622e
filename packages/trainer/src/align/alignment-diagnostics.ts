import { expectedMaxOfN } from '@bladerec/estimators';
import { groupSoftmax } from './advantages.js';

/** Per-step failure-mode diagnostics (`docs/method.md` §B.3). */
export interface StepDiagnostics {
  /** Share of rollouts above every cached reference reward of their context: saturated for the static vBoN estimator. */
  readonly staticSaturation: number;
  /** Share of rollouts whose own target CDF reached 1 (`F̃ = 1`: saturated for the algorithm's target). */
  readonly targetSaturation: number;
  /** Share of groups whose target rewards R are all equal (zero signal). */
  readonly zeroSignalGroups: number;
  /** Share of groups whose raw rewards are all equal (intrinsic ties; skipped when configured). */
  readonly tiedGroups: number;
  /** Among within-group pairs with different rewards, the share whose R differ by < 1e−6. */
  readonly indiscrimination: number;
  /** Mean |R_i − R̄_{−i}| before any normalisation. */
  readonly meanAbsAdvantage: number;
  /** Effective sample size of the target weights over N, averaged over groups. */
  readonly essRatio: number;
  /** Mean rollout reward over the mean expected best-of-N reference reward. */
  readonly ceilingRatio: number;
}

/** Computes {@link StepDiagnostics} from a step's raw total rewards, targets and reference rewards. */
export function stepDiagnostics(args: {
  readonly n: number;
  readonly total: Float64Array;
  readonly reward: Float64Array;
  readonly logWeight: Float64Array;
  readonly cdf: Float64Array;
  /** Cached reference totals of each group's context. */
  readonly referenceTotals: readonly Float64Array[];
}): StepDiagnostics {
  const { n, total, reward, logWeight, cdf, referenceTotals } = args;
  const groups = total.length / n;
  let saturated = 0;
  let targetSaturated = 0;
  let zeroSignal = 0;
  let tied = 0;
  let pairs = 0;
  let indiscriminate = 0;
  let absAdvantage = 0;
  let ess = 0;
  let ceiling = 0;
  let mean = 0;
  const q = groupSoftmax(logWeight, n);
  for (let g = 0; g < groups; g++) {
    const refs = referenceTotals[g]!;
    let refMax = -Infinity;
    for (const x of refs) refMax = Math.max(refMax, x);
    ceiling += expectedMaxOfN(refs, n);
    let sumR = 0;
    let allR = true;
    let allRaw = true;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const k = g * n + i;
      if (total[k]! > refMax) saturated++;
      if (cdf[k]! >= 1 - 1e-12) targetSaturated++;
      if (Math.abs(reward[k]! - reward[g * n]!) > 1e-12) allR = false;
      if (total[k] !== total[g * n]) allRaw = false;
      sumR += reward[k]!;
      sq += q[k]! * q[k]!;
      mean += total[k]!;
      for (let j = i + 1; j < n; j++) {
        if (total[k] === total[g * n + j]) continue;
        pairs++;
        if (Math.abs(reward[k]! - reward[g * n + j]!) < 1e-6) indiscriminate++;
      }
    }
    for (let i = 0; i < n; i++) absAdvantage += Math.abs(reward[g * n + i]! - (sumR - reward[g * n + i]!) / (n - 1));
    if (allR) zeroSignal++;
    if (allRaw) tied++;
    ess += 1 / sq / n;
  }
  const rollouts = total.length;
  const meanCeiling = ceiling / groups;
  return {
    staticSaturation: saturated / rollouts,
    targetSaturation: targetSaturated / rollouts,
    zeroSignalGroups: zeroSignal / groups,
    tiedGroups: tied / groups,
    indiscrimination: pairs === 0 ? 0 : indiscriminate / pairs,
    meanAbsAdvantage: absAdvantage / rollouts,
    essRatio: ess / groups,
    ceilingRatio: meanCeiling === 0 ? 0 : mean / rollouts / meanCeiling,
  };
}
