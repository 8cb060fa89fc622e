import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALGORITHM_PRESETS, ALGORITHMS, createAlignConfig, withPreset } from '../src/index.js';
import { presetTable } from './preset-table.js';

describe('algorithm presets', () => {
  it('docs/algorithms.md shows every preset exactly as ALGORITHM_PRESETS holds it', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../docs/algorithms.md', import.meta.url)), 'utf8');
    expect(doc).toContain(presetTable());
  });

  it('every preset validates, and every preset keeps the one default KL', () => {
    for (const algorithm of ALGORITHMS) {
      expect(ALGORITHM_PRESETS[algorithm].kl).toBeUndefined();
      expect(createAlignConfig(algorithm).kl).toEqual({ coef: 0.01, form: 'k2', to: 'reference' });
    }
  });

  it('a user kl, anchor or dynamicSampling merges key by key over the preset; a user loss replaces it', () => {
    expect(withPreset('jbond', { anchor: { ema: 0.1 } })['anchor']).toEqual({ ema: 0.1, samples: 2 });
    expect(createAlignConfig('vbon', { kl: { coef: 0.1 } }).kl).toEqual({ coef: 0.1, form: 'k2', to: 'reference' });
    const loss = [{ kind: 'policy-gradient', weight: 1, advantage: 'loo', reward: 'raw' }];
    expect(createAlignConfig('blade', { loss }).loss).toEqual(loss);
    expect(() => createAlignConfig('blade', { loss: [{ kind: 'dpo' }] })).toThrow(/align\.loss/);
    expect(() => createAlignConfig('blade', { kl: { form: 'k3' } })).toThrow(/align\.kl\.form/);
  });
});
