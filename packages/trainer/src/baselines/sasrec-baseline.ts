import type { Csr, ListBatch } from '@bladerec/core';
import { PolicyRecommender } from '../evaluation/policy-recommender.js';
import type { TopKRecommender } from '../evaluation/top-k-recommender.js';
import type { TransformerConfig } from '../model/transformer-config.js';
import type { SftConfig } from '../sft/sft-config.js';
import { SftTrainer, type SftTrainerOptions } from '../sft/sft-trainer.js';

/**
 * The SASRec recipe (Kang & McAuley 2018) as a preset of SFT: causal self-attention over the
 * history with the same item vocabulary, a loss at every position, and SASRec's binary
 * cross-entropy against one sampled negative per position; no transition term, no label smoothing.
 * Everything else — architecture size, dropout, steps or epochs, batch size, learning rate, early
 * stopping on validation — is the SFT run's own, so the baseline gets the same training budget.
 * Differences from the original: ALiBi positions instead of learned absolute position embeddings,
 * and pre-LN blocks with a GELU feed-forward (the policy's own blocks), so that the comparison
 * isolates the objective and the transition term rather than the block design.
 */
export function sasrecPreset(sft: SftConfig, model: TransformerConfig): { sft: SftConfig; model: TransformerConfig } {
  return {
    sft: { ...sft, loss: 'sampled-bce', labelSmoothing: 0 },
    model: { ...model, transition: 0, countPrior: undefined },
  };
}

/** A trained SASRec-style model's greedy top-K lists, named `sasrec`. */
class SasrecRecommender implements TopKRecommender {
  readonly name = 'sasrec';
  constructor(private readonly inner: TopKRecommender) {}

  recommend(contexts: Csr, k: number, options: { excludeHistory: boolean }): Promise<ListBatch> {
    return this.inner.recommend(contexts, k, options);
  }
}

/**
 * Trains the SASRec-style baseline with the SFT run's settings ({@link sasrecPreset}) and returns it
 * as a recommender (best validation weights, greedy decoding).
 */
export async function trainSasrec(options: SftTrainerOptions): Promise<TopKRecommender> {
  const preset = sasrecPreset(options.config, options.model);
  const result = await new SftTrainer({ ...options, config: preset.sft, model: preset.model }).train();
  return new SasrecRecommender(new PolicyRecommender(result.policy, 1));
}
