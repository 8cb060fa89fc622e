import {
  type BootstrapInterval,
  type PairedTTest,
  pairedBootstrap,
  pairedTTest,
  signTest,
} from '@bladerec/trainer/statistics';
import { averageOverSeeds } from './summary-stats.js';

/** One seed of an arm: its test value and its per-user test scores (same users, same order, in every seed). */
export interface SeedScores {
  readonly test: number;
  readonly users: readonly number[];
}

/**
 * Arm a − arm b, paired by seed and by user: the study's difference row — the seed-level paired t-test of
 * the test values (mean, sd, t, df, two-sided p, 95 % interval), the sign test and the user bootstrap.
 */
export interface PairedDifference extends Omit<PairedTTest, 'n'> {
  /** Exact sign test over the seeds: positive / non-zero seeds, two-sided p. */
  readonly sign: { readonly n: number; readonly positive: number; readonly p: number };
  /** User-level paired bootstrap (95 %, 2,000 resamples) of the seed-averaged per-user scores. */
  readonly bootstrap: BootstrapInterval;
}

/**
 * Compares two arms seed by seed (`a[i]` and `b[i]` are the same seed): the seed-level paired t and
 * sign tests ask whether the difference survives retraining, the user bootstrap only whether it
 * survives resampling test users. With one seed the t-test is NaN (shown as –) and the sign test's p
 * is 1. The one implementation behind `blade compare`, `blade report` and experiments/study.mjs.
 */
export function pairedDifference(
  a: readonly SeedScores[],
  b: readonly SeedScores[],
  options: { seed?: number } = {},
): PairedDifference {
  if (a.length !== b.length)
    throw new RangeError(`paired difference needs the same seeds, got ${a.length} and ${b.length}`);
  const ta = a.map((r) => r.test);
  const tb = b.map((r) => r.test);
  const t = pairedTTest(ta, tb);
  const sign = signTest(ta, tb);
  const bootstrap = pairedBootstrap(averageOverSeeds(a.map((r) => r.users)), averageOverSeeds(b.map((r) => r.users)), {
    seed: options.seed ?? 11,
  });
  return {
    mean: t.mean,
    sd: t.sd,
    t: t.t,
    df: t.df,
    p: t.p,
    lo: t.lo,
    hi: t.hi,
    sign: { n: sign.n, positive: sign.positive, p: sign.p },
    bootstrap,
  };
}
