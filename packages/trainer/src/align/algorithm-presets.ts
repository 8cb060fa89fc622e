import { BladeConfigError, createAjv, issuesFromAjv } from '@bladerec/core';
import { type Algorithm, type AlignConfig, AlignConfig as AlignConfigSchema } from './align-config.js';

/**
 * Each algorithm as a configuration of the one alignment path (user settings override these).
 * The static baselines are BLADE's target with α = ∞ and no prior refresh, plus their own CDF
 * convention; see `docs/algorithms.md`.
 */
export const ALGORITHM_PRESETS: Readonly<Record<Algorithm, Record<string, unknown>>> = {
  blade: {
    prior: { kind: 'reservoir', options: { eta: 0.2 } },
    evidence: { kind: 'mid-rank', options: {} },
    target: { kind: 'dp-beta', options: { alpha: 'n', convention: 'mid', reward: 'beta-log', weights: 'tie-exact' } },
    jeffreys: 0.5,
    forward: 'policy-weighted',
    advantage: 'loo',
    klCoef: 0.01,
  },
  vbon: {
    prior: { kind: 'reservoir', options: { eta: 0 } },
    target: { kind: 'dp-beta', options: { alpha: 'inf', convention: 'add-one-strict', reward: 'log-mid', weights: 'power' } },
    jeffreys: 1,
    advantage: 'loo',
    klCoef: 'bon',
  },
  bond: {
    prior: { kind: 'reservoir', options: { eta: 0 } },
    target: { kind: 'dp-beta', options: { alpha: 'inf', convention: 'weak', reward: 'log-mid', weights: 'power' } },
    jeffreys: 0.5,
    forward: 'reference-best',
    advantage: 'loo',
    klCoef: 'bon',
  },
  jbond: {
    groupSize: 2,
    anchorSamples: 2,
    prior: { kind: 'reservoir', options: { eta: 0 } },
    target: { kind: 'jbond', options: {} },
    jeffreys: 0.5,
    forward: 'anchor-best',
    klTo: 'anchor',
    klCoef: 0.05,
    anchorEma: 0.05,
  },
  bonbon: {
    prior: { kind: 'reservoir', options: { eta: 0 } },
    target: { kind: 'raw', options: {} },
    jeffreys: 0,
  },
  grpo: {
    prior: { kind: 'reservoir', options: { eta: 0 } },
    target: { kind: 'raw', options: {} },
    jeffreys: 1,
    advantage: 'group-normalized',
    klCoef: 0.04,
  },
  rloo: {
    prior: { kind: 'reservoir', options: { eta: 0 } },
    target: { kind: 'raw', options: {} },
    jeffreys: 1,
    advantage: 'loo',
    klCoef: 0.04,
  },
};

/** BoNBoN's IPO margin `1/(2β*_n) = (n−1)·H_{n−1}` (Gui et al. 2024, eq. 4.2); 18.15 for n = 8. */
export function bonbonMargin(n: number): number {
  let harmonic = 0;
  for (let k = 1; k < n; k++) harmonic += 1 / k;
  return (n - 1) * harmonic;
}

/**
 * The `align` section of a config with the preset of `algorithm` underneath the user's settings
 * (a user component with another `kind` replaces the preset's component, options included).
 */
export function withPreset(algorithm: Algorithm, user: Record<string, unknown> = {}): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...ALGORITHM_PRESETS[algorithm], ...user, algorithm };
  for (const key of ['prior', 'evidence', 'target']) {
    const p = ALGORITHM_PRESETS[algorithm][key] as { kind: string; options?: Record<string, unknown> } | undefined;
    const u = user[key] as { kind?: string; options?: Record<string, unknown> } | undefined;
    if (p && u && (u.kind === undefined || u.kind === p.kind)) merged[key] = { kind: p.kind, options: { ...p.options, ...u.options } };
  }
  return merged;
}

/**
 * A complete, validated `align` config for `algorithm`: its preset under `overrides`, every other
 * field at its schema default (for programmatic use; the CLI validates config files the same way).
 */
export function createAlignConfig(algorithm: Algorithm, overrides: Record<string, unknown> = {}): AlignConfig {
  const doc = withPreset(algorithm, overrides);
  const validate = createAjv().compile(AlignConfigSchema);
  if (!validate(doc)) throw new BladeConfigError(issuesFromAjv(validate.errors, 'align'));
  return doc as unknown as AlignConfig;
}
