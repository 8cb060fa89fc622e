/** Mean of the finite values; NaN when there is none. */
export function mean(xs: readonly number[]): number {
  let sum = 0;
  let n = 0;
  for (const x of xs) {
    if (Number.isFinite(x)) {
      sum += x;
      n++;
    }
  }
  return n > 0 ? sum / n : Number.NaN;
}

/** Sample standard deviation (n − 1 denominator) of the finite values; NaN below two. */
export function sd(xs: readonly number[]): number {
  const finite = xs.filter((x) => Number.isFinite(x));
  if (finite.length < 2) return Number.NaN;
  const m = mean(finite);
  return Math.sqrt(finite.reduce((a, x) => a + (x - m) ** 2, 0) / (finite.length - 1));
}

/** Mean ± sd over seeds, with the count of finite values. */
export interface Summary {
  readonly mean: number;
  readonly sd: number;
  readonly n: number;
}

export function summarise(xs: readonly number[]): Summary {
  return { mean: mean(xs), sd: sd(xs), n: xs.filter((x) => Number.isFinite(x)).length };
}

/**
 * Per-user scores averaged over seeds: `out[u] = mean_s arrays[s][u]` — the paired unit of the user
 * bootstrap is the test user, whose score is averaged over the seeds of an arm.
 * @throws RangeError when the seeds scored different numbers of users
 */
export function averageOverSeeds(arrays: readonly (readonly number[])[]): number[] {
  if (arrays.length === 0) return [];
  const n = arrays[0]!.length;
  for (const a of arrays) {
    if (a.length !== n)
      throw new RangeError(`per-user scores of different lengths (${n} and ${a.length}): not the same test users`);
  }
  const out = new Array<number>(n).fill(0);
  for (const a of arrays) for (let u = 0; u < n; u++) out[u]! += a[u]! / arrays.length;
  return out;
}
