import { groupSoftmax } from '@bladerec/estimators';

/**
 * Every key an alignment run logs, with when it is logged (`docs/algorithms.md#logged-metrics`):
 * `step` every step; `target` only when a loss term reads the target estimator (R or log w), since the
 * `blade/*` failure-mode diagnostics describe that target; `anchor` with `align.anchor`; a term kind
 * (`ipo-pairs`, `sft-best`) when the loss has that term; `eval` at every evaluation.
 */
export const ALIGN_LOG_KEYS = [
  { key: 'train/loss', when: 'step' },
  { key: 'train/grad_norm', when: 'step' },
  { key: 'train/learning_rate', when: 'step' },
  { key: 'time/step_ms', when: 'step' },
  { key: 'reward/total/mean', when: 'step' },
  { key: 'groups/all_tied', when: 'step' },
  { key: 'groups/skipped', when: 'step' },
  { key: 'kl/reference', when: 'step' },
  { key: 'sampling/rollouts', when: 'step' },
  { key: 'sampling/wasted_fraction', when: 'step' },
  { key: 'sampling/groups_drawn', when: 'step' },
  { key: 'kl/anchor', when: 'anchor' },
  { key: 'blade/saturation_static', when: 'target' },
  { key: 'blade/saturation_target', when: 'target' },
  { key: 'blade/zero_signal_groups', when: 'target' },
  { key: 'blade/indiscrimination', when: 'target' },
  { key: 'blade/mean_abs_advantage', when: 'target' },
  { key: 'blade/ess_ratio', when: 'target' },
  { key: 'ipo/tied_pairs', when: 'ipo-pairs' },
  { key: 'ipo/best_worst_gap', when: 'ipo-pairs' },
  { key: 'ipo/margin', when: 'ipo-pairs' },
  { key: 'sft_best/tied', when: 'sft-best' },
  { key: 'eval/ceiling_ratio', when: 'eval' },
  { key: 'eval/ceiling_reference', when: 'eval' },
] as const;

/** A key of {@link ALIGN_LOG_KEYS}. */
export type AlignLogKey = (typeof ALIGN_LOG_KEYS)[number]['key'];

/** The `blade/*` keys of {@link StepDiagnostics}, by field. */
export const TARGET_DIAGNOSTIC_KEYS = {
  staticSaturation: 'blade/saturation_static',
  targetSaturation: 'blade/saturation_target',
  zeroSignalGroups: 'blade/zero_signal_groups',
  indiscrimination: 'blade/indiscrimination',
  meanAbsAdvantage: 'blade/mean_abs_advantage',
  essRatio: 'blade/ess_ratio',
} as const satisfies Partial<Record<keyof StepDiagnostics, AlignLogKey>>;

/** Per-step failure-mode diagnostics (`docs/method.md` §B.3). */
export interface StepDiagnostics {
  /**
   * Share of rollouts above every cached reference reward of their context: saturated for the static vBoN estimator.
   */
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
  const q = groupSoftmax(logWeight, n);
  for (let g = 0; g < groups; g++) {
    const refs = referenceTotals[g]!;
    let refMax = -Infinity;
    for (const x of refs) refMax = Math.max(refMax, x);
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
  return {
    staticSaturation: saturated / rollouts,
    targetSaturation: targetSaturated / rollouts,
    zeroSignalGroups: zeroSignal / groups,
    tiedGroups: tied / groups,
    indiscrimination: pairs === 0 ? 0 : indiscriminate / pairs,
    meanAbsAdvantage: absAdvantage / rollouts,
    essRatio: ess / groups,
  };
}
