import type { ReferenceCache } from '../reference-cache.js';

/** Best and worst of the first `n` cached reference rollouts of one context (first maximal/minimal index). */
export interface CachedExtremes {
  readonly best: number;
  readonly worst: number;
  /** All n rewards are equal: best and worst are arbitrary and carry no preference. */
  readonly tied: boolean;
}

/** The best and worst of the first `n` cached rollouts of context `key` (BoNBoN's offline pair). */
export function cachedExtremes(cache: ReferenceCache, key: number, n: number): CachedExtremes {
  const totals = cache.totals[key]!;
  let best = 0;
  let worst = 0;
  for (let i = 1; i < n; i++) {
    if (totals[i]! > totals[best]!) best = i;
    if (totals[i]! < totals[worst]!) worst = i;
  }
  return { best, worst, tied: totals[best] === totals[worst] };
}
