/**
 * Exact Best-of-N mathematics with ties (BOND Theorem 1; see `docs/method.md` §A.1).
 *
 * Best-of-N draws `y_1 … y_N ~ π_ref` i.i.d. and returns the first index among the maximal rewards:
 *
 *   π_BoN(y) = π_ref(y) · (p_≤(y)^N − p_<(y)^N) / (p_≤(y) − p_<(y)),   → N π_ref p^{N−1} without ties,
 *
 * where `p_<(y) = P(r(y') < r(y))` and `p_≤(y) = P(r(y') ≤ r(y))` under the reference.
 */

/**
 * `log[(F_≤^N − F_<^N)/(F_≤ − F_<)]`, the tie-exact Best-of-N importance weight, in log space:
 * `N log F_≤ + log1p(−(F_</F_≤)^N) − log(F_≤ − F_<)`, switching to the limit `log N + (N−1) log F`
 * when `F_≤ − F_< < 1e−9 · F_≤`.
 */
export function logTieExactWeight(below: number, atOrBelow: number, n: number): number {
  if (!(atOrBelow > 0)) return -Infinity;
  const gap = atOrBelow - below;
  if (gap < 1e-9 * atOrBelow) return Math.log(n) + (n - 1) * Math.log(atOrBelow);
  if (below <= 0) return (n - 1) * Math.log(atOrBelow);
  return n * Math.log(atOrBelow) + Math.log1p(-((below / atOrBelow) ** n)) - Math.log(gap);
}

/**
 * The exact BoN distribution over a finite set of outcomes with reference probabilities `pref`
 * (summing to 1) and rewards `rewards` (ties allowed), by the closed form above.
 */
export function bestOfNDistribution(pref: readonly number[], rewards: readonly number[], n: number): number[] {
  return pref.map((p, i) => {
    let below = 0;
    let atOrBelow = 0;
    pref.forEach((q, j) => {
      if (rewards[j]! < rewards[i]!) below += q;
      if (rewards[j]! <= rewards[i]!) atOrBelow += q;
    });
    return p * Math.exp(logTieExactWeight(below, atOrBelow, n));
  });
}

/**
 * The BoN distribution by brute-force enumeration of all `|Y|^N` draws (first maximal index wins):
 * the slow reference the closed form is tested against.
 */
export function bestOfNByEnumeration(pref: readonly number[], rewards: readonly number[], n: number): number[] {
  const out = pref.map(() => 0);
  const k = pref.length;
  const draw = new Array<number>(n).fill(0);
  for (;;) {
    let prob = 1;
    let best = draw[0]!;
    for (const y of draw) {
      prob *= pref[y]!;
      if (rewards[y]! > rewards[best]!) best = y;
    }
    out[best]! += prob;
    let pos = 0;
    while (pos < n && ++draw[pos]! === k) draw[pos++] = 0;
    if (pos === n) return out;
  }
}

/**
 * `E[max of N i.i.d. draws]` from a weighted sample (`weights` default uniform):
 * `Σ_j s_(j) [F(s_(j))^N − F(s_(j)−)^N]` over the sorted distinct values.
 */
export function expectedMaxOfN(values: ArrayLike<number>, n: number, weights?: ArrayLike<number>): number {
  const m = values.length;
  if (m === 0) return 0;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const total = weights ? Array.from(weights).reduce((s, w) => s + w, 0) : m;
  let cdf = 0;
  let expected = 0;
  for (let i = 0; i < m;) {
    const v = values[order[i]!]!;
    let mass = 0;
    while (i < m && values[order[i]!] === v) mass += weights ? weights[order[i++]!]! : (i++, 1);
    const next = cdf + mass / total;
    expected += v * (Math.min(1, next) ** n - cdf ** n);
    cdf = next;
  }
  return expected;
}
