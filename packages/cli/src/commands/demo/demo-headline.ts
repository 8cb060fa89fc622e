/** A paired difference with its user-level bootstrap interval (the trainer's `BootstrapInterval`). */
export interface HeadlineInterval {
  readonly mean: number;
  readonly lo: number;
  readonly hi: number;
  readonly significant: boolean;
}

/** What the demo measured for its headline: BLADE − vBoN on the test split and each method's realised KL. */
export interface DemoOutcome {
  readonly metric: string;
  /** BLADE − vBoN, one sampled list per user, paired bootstrap over test users. */
  readonly difference: HeadlineInterval;
  /** Mean `kl/reference` over the last training steps up to the kept step (trainer `realisedKl`). */
  readonly kl: { readonly blade: number; readonly vbon: number };
  /** The KL coefficient both methods were given. */
  readonly coef: number;
  readonly steps: number;
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`;

/**
 * The demo's headline, worded from its own numbers (never a canned claim): the direction and
 * whether the user bootstrap excludes 0, whether the two runs sit at comparable KL (within 25 %),
 * and why one run at one coefficient cannot rank the methods — the matched-KL study can.
 */
export function demoHeadline(o: DemoOutcome): string {
  const d = o.difference;
  const verdict = d.significant
    ? `BLADE is ${d.mean > 0 ? 'higher' : 'lower'} here (the interval excludes 0)`
    : 'no difference is shown (the interval includes 0)';
  const [lo, hi] = [Math.min(o.kl.blade, o.kl.vbon), Math.max(o.kl.blade, o.kl.vbon)];
  const comparable = Number.isFinite(lo) && hi <= 1.25 * lo + 1e-12;
  const klLine = comparable
    ? 'comparable KL, so this is a like-for-like point'
    : 'different KL: the two runs sit at different points of their KL frontiers, so the difference mixes ' +
      'method and regularisation strength';
  return [
    `headline of this run (one seed, ${o.steps} steps, both methods at KL coefficient ${o.coef}, no per-method tuning):`,
    `  BLADE − vBoN, test ${o.metric} (one sampled list per user): ${signed(d.mean)}, 95 % user bootstrap ` +
      `[${signed(d.lo)}, ${signed(d.hi)}] — ${verdict}`,
    `  realised KL to the SFT policy: BLADE ${o.kl.blade.toFixed(3)}, vBoN ${o.kl.vbon.toFixed(3)} — ${klLine}`,
    "  One seed at one coefficient cannot rank the methods. The matched-KL study (each method's coefficient chosen",
    '  on validation, 5 seeds, seed-level tests) is `pnpm exp:study`; docs/results.md reports what it found.',
    '',
  ].join('\n');
}
