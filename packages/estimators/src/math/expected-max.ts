/**
 * Unbiased estimate of `E[max of N i.i.d. draws]` from `M ≥ N` i.i.d. samples: the U-statistic of the
 * kernel `max(x_1 … x_N)`, i.e. the mean of the maximum over all `C(M, N)` subsets of N samples. With
 * the samples sorted ascending `s_(1) ≤ … ≤ s_(M)`, `s_(j)` is the maximum of exactly `C(j−1, N−1)`
 * subsets, so
 *
 *     Ê[max_N] = Σ_j s_(j) · C(j−1, N−1) / C(M, N).
 *
 * The coefficients are built from `c_M = N/M` downwards by `c_{j−1} = c_j · (j−N)/(j−1)` (no
 * factorials). Ties need no special care (any order of equal values gives the same sum). Unlike the
 * plug-in {@link expectedMaxOfN} of the empirical CDF, which is biased low for small M (M = 4, N = 8:
 * about 0.7× the true ceiling), this is unbiased for every M ≥ N (Hoeffding 1948).
 *
 * @throws RangeError when M < N or N < 1.
 */
export function expectedMaxUnbiased(values: ArrayLike<number>, n: number): number {
  const m = values.length;
  if (!(n >= 1) || !Number.isInteger(n))
    throw new RangeError(`expectedMaxUnbiased: N must be a positive integer, got ${n}`);
  if (m < n) throw new RangeError(`expectedMaxUnbiased: needs M ≥ N samples, got M = ${m}, N = ${n}`);
  const sorted = Float64Array.from(values).sort();
  let coefficient = n / m;
  let sum = 0;
  for (let j = m; j >= n; j--) {
    sum += sorted[j - 1]! * coefficient;
    coefficient *= (j - n) / (j - 1);
  }
  return sum;
}

/** The readable definition: the mean of the maximum over every N-subset of the samples (exponential; for tests). */
export function expectedMaxBySubsets(values: ArrayLike<number>, n: number): number {
  const m = values.length;
  let sum = 0;
  let count = 0;
  const pick: number[] = [];
  const visit = (start: number) => {
    if (pick.length === n) {
      sum += Math.max(...pick.map((i) => values[i]!));
      count++;
      return;
    }
    for (let i = start; i <= m - (n - pick.length); i++) {
      pick.push(i);
      visit(i + 1);
      pick.pop();
    }
  };
  visit(0);
  return sum / count;
}
