import { BladeConfigError } from '@bladerec/core';
import { createAjv, issuesFromAjv } from '@bladerec/core/internal';
import { mergeComponent, STATIC_PRIOR, TARGET_PRESETS } from '@bladerec/estimators';
import { type Algorithm, type AlignConfig, AlignConfig as AlignConfigSchema } from './align-config.js';

/**
 * Each algorithm as a configuration of the one alignment path (`docs/algorithms.md` shows them side by
 * side; user settings override them). Every preset leaves `kl` at its default
 * `{coef: 0.01, form: 'k2', to: 'reference'}`: methods are compared at the same KL form and choose
 * the coefficient the same way (`align.kl.coef`).
 */
export const ALGORITHM_PRESETS: Readonly<Record<Algorithm, Partial<AlignConfig>>> = {
  blade: {
    ...TARGET_PRESETS.blade,
    loss: [
      { kind: 'weighted-nll', weight: 0.5, from: 'policy', centred: true },
      { kind: 'policy-gradient', weight: 0.5, advantage: 'loo', reward: 'log-weight' },
    ],
  },
  vbon: {
    ...TARGET_PRESETS.vbon,
    loss: [{ kind: 'policy-gradient', weight: 1, advantage: 'loo', reward: 'log-weight' }],
  },
  bond: {
    ...TARGET_PRESETS.bond,
    loss: [
      { kind: 'weighted-nll', weight: 0.5, from: 'reference-best', centred: true },
      { kind: 'policy-gradient', weight: 0.5, advantage: 'loo', reward: 'log-weight' },
    ],
  },
  jbond: {
    groupSize: 2,
    anchor: { ema: 0.05, samples: 2 },
    prior: STATIC_PRIOR,
    target: { kind: 'jbond', options: {} },
    loss: [
      { kind: 'weighted-nll', weight: 0.5, from: 'anchor-best', centred: true },
      { kind: 'policy-gradient', weight: 0.5, advantage: 'loo', reward: 'target' },
    ],
  },
  bonbon: {
    loss: [
      { kind: 'sft-best', weight: 0.005, n: 8 },
      { kind: 'ipo-pairs', weight: 0.995, n: 8, margin: 'bon' },
    ],
  },
  grpo: {
    loss: [{ kind: 'policy-gradient', weight: 1, advantage: 'group-normalized', reward: 'raw' }],
  },
  rloo: {
    loss: [{ kind: 'policy-gradient', weight: 1, advantage: 'loo', reward: 'raw' }],
  },
};

/** Settings that are objects of independent keys: a user's keys merge over the preset's. */
const MERGED_OBJECTS = ['kl', 'anchor', 'dynamicSampling'] as const;

/**
 * The `align` section of a config with the preset of `algorithm` underneath the user's settings. A
 * user component (`prior`, `evidence`, `target`) of the preset's kind merges its options over the
 * preset's (another kind replaces it); `kl`, `anchor` and `dynamicSampling` merge key by key; `loss`
 * and every other key replace the preset's value.
 */
export function withPreset(algorithm: Algorithm, user: Record<string, unknown> = {}): Record<string, unknown> {
  const preset = ALGORITHM_PRESETS[algorithm] as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...structuredClone(preset), ...user, algorithm };
  for (const key of ['prior', 'evidence', 'target']) {
    const p = preset[key] as { kind: string; options?: Record<string, unknown> } | undefined;
    const u = user[key] as { kind?: string; options?: Record<string, unknown> } | undefined;
    if (p && u && (u.kind === undefined || u.kind === p.kind)) merged[key] = mergeComponent(p, u);
  }
  for (const key of MERGED_OBJECTS) {
    const p = preset[key] as Record<string, unknown> | undefined;
    const u = user[key] as Record<string, unknown> | undefined;
    if (p && u && typeof u === 'object') merged[key] = { ...p, ...u };
  }
  return merged;
}

/**
 * A complete, validated `align` config for `algorithm`: its preset under `overrides`, every other
 * field at its schema default (for programmatic use; the CLI validates config files the same way).
 *
 * @example
 * ```ts
 * const config = createAlignConfig('blade', { steps: 150, learningRate: 0.0005 });
 * const result = await new AlignmentTrainer({ config, objective, data, init, evaluator, components, runDir }).train();
 * ```
 * (`blade demo`'s source, packages/cli/src/commands/demo/demo-command.ts, runs SFT, vBoN, BLADE and
 * the comparison end to end.)
 */
export function createAlignConfig(algorithm: Algorithm, overrides: Record<string, unknown> = {}): AlignConfig {
  const doc = withPreset(algorithm, overrides);
  const validate = createAjv().compile(AlignConfigSchema);
  if (!validate(doc)) throw new BladeConfigError(issuesFromAjv(validate.errors, 'align'));
  return doc as unknown as AlignConfig;
}
