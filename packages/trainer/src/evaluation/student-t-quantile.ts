import { studentTCdf } from '@bladerec/estimators/internal';

/**
 * The Student-t quantile `T_ν⁻¹(p)`, 0 < p < 1, by bisection on the CDF (`studentTCdf`, from the
 * regularised incomplete beta) to 1e-12; symmetric, `T_ν⁻¹(½) = 0`. E.g. `T_4⁻¹(0.975) = 2.776445`.
 * @throws RangeError for p outside (0, 1) or ν ≤ 0
 */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`t quantile needs 0 < p < 1, got ${p}`);
  if (!(nu > 0)) throw new RangeError(`t quantile needs ν > 0, got ${nu}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, nu) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, nu) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
