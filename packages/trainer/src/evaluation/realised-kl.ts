/** One logged training record: its step and any numeric keys (metrics.jsonl lines). */
export type StepRecord = Readonly<Record<string, unknown>> & { readonly step: number };

/**
 * The KL a run realised at the weights it keeps: the mean of `kl/reference` (the per-token k3
 * estimate of KL(π_θ‖π_ref) on the training batch, logged every step) over the training steps
 * `(keptStep − window, keptStep]`. A run that kept the initial weights (`keptStep = 0`) realised 0.
 * Evaluation records (no `train/loss`) are ignored. NaN when the window holds no training step.
 *
 * This is the x-axis of the KL frontier (docs/study.md): two methods are compared at the KL they
 * realised, not at the coefficient they were given.
 */
export function realisedKl(records: readonly StepRecord[], keptStep: number, window = 10): number {
  if (keptStep === 0) return 0;
  let sum = 0;
  let n = 0;
  for (const r of records) {
    const kl = r['kl/reference'];
    if (typeof kl !== 'number' || !('train/loss' in r) || r.step <= keptStep - window || r.step > keptStep) continue;
    sum += kl;
    n++;
  }
  return n === 0 ? Number.NaN : sum / n;
}
