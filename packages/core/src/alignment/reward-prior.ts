/**
 * The historical reward distribution `H_x` of one context (or the global fallback), as target
 * estimators read it.
 */
export interface RewardPrior {
  /** Effective number of observations behind it; 0 means no history (estimators use evidence only). */
  readonly count: number;
  /** `H(r−) = P_H(R < r)`. */
  cdfBelow(r: number): number;
  /** `H(r) = P_H(R ≤ r)`. */
  cdfAtOrBelow(r: number): number;
  /**
   * Normal–Inverse-Gamma parameters `(μ, κ, a, b)` when the store is conjugate (design D2);
   * undefined for non-parametric stores.
   */
  readonly nig?: { readonly mu: number; readonly kappa: number; readonly a: number; readonly b: number };
}
