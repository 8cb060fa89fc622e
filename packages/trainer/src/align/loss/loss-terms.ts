import { ipoPairs } from './ipo-pairs.js';
import type { LossTerm } from './loss-term.js';
import type { LossTermConfig } from './loss-term-config.js';
import { policyGradient } from './policy-gradient.js';
import { sftBest } from './sft-best.js';
import { weightedNll } from './weighted-nll.js';

/**
 * Builds the terms of `align.loss` (each config entry selects its module by `kind`). Options a config
 * file leaves out take their schema defaults here (ajv fills no defaults inside a union).
 */
export function createLossTerms(configs: readonly LossTermConfig[]): LossTerm[] {
  return configs.map((c) => {
    switch (c.kind) {
      case 'weighted-nll':
        return weightedNll({ ...{ weight: 0.5, from: 'policy', centred: true }, ...c });
      case 'policy-gradient':
        return policyGradient({ ...{ weight: 0.5, advantage: 'loo', reward: 'log-weight' }, ...c });
      case 'sft-best':
        return sftBest({ ...{ weight: 0.005, n: 8 }, ...c });
      case 'ipo-pairs':
        return ipoPairs({ ...{ weight: 0.995, n: 8, margin: 'bon' }, ...c });
    }
  });
}
