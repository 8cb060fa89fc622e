import { studentTCdf } from '@bladerec/estimators/internal';
import { studentTQuantile } from './student-t-quantile.js';

/** A paired t-test of `mean(a − b) = 0` over n pairs (seeds). */
export interface PairedTTest {
  readonly n: number;
  /** Mean difference d̄. */
  readonly mean: number;
  /** Sample standard deviation of the differences (n − 1 denominator). */
  readonly sd: number;
  /** t = d̄ / (sd/√n). */
  readonly t: number;
  /** Degrees of freedom n − 1. */
  readonly df: number;
  /** Two-sided p-value 2·(1 − T_df(|t|)). */
  readonly p: number;
  /** Confidence interval d̄ ± T_df⁻¹((1+level)/2)·sd/√n. */
  readonly lo: number;
  readonly hi: number;
}

/**
 * Student's paired t-test over seed-level differences `d_i = a_i − b_i` (two-sided), with the
 * `level` confidence interval from the t quantile. Edge cases: n < 2 gives sd, t, p and the interval
 * as NaN; all differences equal (sd = 0) gives t = ±∞, p = 0 and a zero-width interval, or t = 0,
 * p = 1 when they are all 0.
 */
export function pairedTTest(a: ArrayLike<number>, b: ArrayLike<number>, level = 0.95): PairedTTest {
  if (a.length !== b.length) {
    throw new RangeError(`paired t-test needs equal-length samples, got ${a.length} and ${b.length}`);
  }
  const n = a.length;
  const d = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) {
    d[i] = a[i]! - b[i]!;
    mean += d[i]!;
  }
  mean = n > 0 ? mean / n : Number.NaN;
  const nan = Number.NaN;
  if (n < 2) return { n, mean, sd: nan, t: nan, df: n - 1, p: nan, lo: nan, hi: nan };
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (d[i]! - mean) ** 2;
  const df = n - 1;
  const sd = Math.sqrt(sq / df);
  const se = sd / Math.sqrt(n);
  if (se === 0) {
    const t = mean === 0 ? 0 : Math.sign(mean) * Infinity;
    return { n, mean, sd, t, df, p: mean === 0 ? 1 : 0, lo: mean, hi: mean };
  }
  const t = mean / se;
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  const half = studentTQuantile((1 + level) / 2, df) * se;
  return { n, mean, sd, t, df, p, lo: mean - half, hi: mean + half };
}
