import { Random } from '@bladerec/data';

/** A mean difference with its percentile bootstrap confidence interval. */
export interface BootstrapInterval {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  /** Whether the interval excludes 0. */
  readonly significant: boolean;
}

/**
 * Paired bootstrap of `mean(a − b)` over users (Efron & Tibshirani 1993): resample users with
 * replacement `resamples` times and take the `(1−level)/2` and `(1+level)/2` percentiles.
 */
export function pairedBootstrap(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: { resamples?: number; level?: number; seed?: number } = {},
): BootstrapInterval {
  if (a.length !== b.length) throw new RangeError('paired bootstrap needs equal-length samples');
  const n = a.length;
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  const rng = new Random(options.seed ?? 12345);
  const diff = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    diff[i] = a[i]! - b[i]!;
    mean += diff[i]!;
  }
  mean = n === 0 ? 0 : mean / n;
  if (n === 0) return { mean: 0, lo: 0, hi: 0, significant: false };
  const stats = new Float64Array(resamples);
  for (let s = 0; s < resamples; s++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diff[rng.nextInt(n)]!;
    stats[s] = sum / n;
  }
  stats.sort();
  const at = (q: number) => stats[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  const lo = at((1 - level) / 2);
  const hi = at((1 + level) / 2);
  return { mean, lo, hi, significant: lo > 0 || hi < 0 };
}
