/** A component as configs write it: `{ kind, options }` (`align.prior`, `align.evidence`, `align.target`). */
export interface ComponentSpec {
  readonly kind: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

/** The estimator components of an algorithm preset (absent ones take the `align` schema defaults). */
export interface TargetPreset {
  readonly prior?: ComponentSpec;
  readonly evidence?: ComponentSpec;
  readonly target?: ComponentSpec;
}

/** A static target: BLADE's DP-Beta target at α = ∞ with the prior never refreshed, in a method's CDF convention. */
const staticTarget = (convention: 'add-one-strict' | 'weak') =>
  ({ kind: 'dp-beta', options: { alpha: 'inf', convention, reward: 'log-mid', weights: 'power' } }) as const;

/** The static reference CDF of vBoN/BOND/J-BOND: a reservoir that is never refreshed (η = 0). */
export const STATIC_PRIOR = { kind: 'reservoir', options: { eta: 0 } } as const;

/**
 * The prior/evidence/target components of the algorithms whose targets come from the estimators:
 * BLADE (refreshed reservoir prior, mid-rank evidence, tie-exact DP-Beta target) and the static
 * Best-of-N baselines vBoN and BOND (α = ∞, η = 0). The trainer's algorithm presets and `blade serve`
 * read them from here (`docs/algorithms.md` shows them side by side).
 */
export const TARGET_PRESETS = {
  blade: {
    prior: { kind: 'reservoir', options: { eta: 0.2 } },
    evidence: { kind: 'mid-rank', options: {} },
    target: { kind: 'dp-beta', options: { alpha: 'n', convention: 'mid', reward: 'beta-log', weights: 'tie-exact' } },
  },
  vbon: { prior: STATIC_PRIOR, target: staticTarget('add-one-strict') },
  bond: { prior: STATIC_PRIOR, target: staticTarget('weak') },
} as const satisfies Record<string, TargetPreset>;

/**
 * A user's component over a preset's: the same kind (or none given) merges the user's options over
 * the preset's; another kind replaces it; no user component keeps the preset's.
 */
export function mergeComponent(
  preset: ComponentSpec | undefined,
  user: Partial<ComponentSpec> | undefined,
): ComponentSpec | undefined {
  if (!preset) return user as ComponentSpec | undefined;
  if (!user) return preset;
  if (user.kind === undefined || user.kind === preset.kind)
    return { kind: preset.kind, options: { ...preset.options, ...user.options } };
  return user as ComponentSpec;
}
