import { type Static, Type } from '@bladerec/core';

/** The schema of a learning-rate schedule option with a given default. */
export function learningRateSchedule(defaultValue: 'constant' | 'cosine') {
  return Type.Union([Type.Literal('constant'), Type.Literal('cosine')], {
    default: defaultValue,
    description: "'constant' after warm-up, or 'cosine' decay to 10% of the peak at the last step.",
  });
}

/** Learning-rate schedule shape (cosine by default). */
export const LearningRateSchedule = learningRateSchedule('cosine');
export type LearningRateSchedule = Static<typeof LearningRateSchedule>;

/** Linear warm-up over `warmup` steps, then constant or cosine decay to `0.1·peak` at `total`. */
export function learningRateAt(
  step: number,
  peak: number,
  warmup: number,
  total: number,
  schedule: LearningRateSchedule,
): number {
  if (warmup > 0 && step < warmup) return (peak * (step + 1)) / warmup;
  if (schedule === 'constant' || total <= warmup) return peak;
  const progress = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
  return peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
