/**
 * @bladerec/trainer — TensorFlow.js backends, the transformer list policy, SFT, alignment (BLADE,
 * vBoN, GRPO … as presets of one trainer), baselines, evaluation statistics and checkpoints.
 *
 * - backends: {@link selectBackend} (wasm by default; webgpu, node when installed)
 * - model: {@link TransformerConfig}, {@link TransformerPolicy}, {@link saveModel} / {@link loadModel}
 * - training: {@link SftTrainer}, {@link AlignmentTrainer} with {@link createAlignConfig} and the
 *   {@link ALGORITHM_PRESETS}; callbacks {@link JsonlMetricsCallback}, {@link ProgressCallback}
 * - inference and evaluation: {@link bestOfNInference}, {@link PolicyRecommender},
 *   {@link evaluateRecommender}, {@link compareRecommenders}, {@link pairedBootstrap},
 *   {@link pairedTTest}, {@link signTest}, {@link realisedKl}
 * - the `blade train` commands and config sections: {@link trainerModule} (also `@bladerec/trainer/module`)
 *
 * Tensor ops, fused kernels, loss terms and optimiser pieces are in `@bladerec/trainer/internal`,
 * outside semantic versioning.
 *
 * @packageDocumentation
 */
export {
  type BackendName,
  type BackendSelection,
  BACKENDS,
  currentBackend,
  selectBackend,
} from './backend/backend-selection.js';

export { TransformerConfig, checkTransformerConfig } from './model/transformer-config.js';
export { type TokenBatch, Transformer } from './model/transformer.js';
export type { BannedItems } from './kernels/vocab-kernel.js';
export { TransformerPolicy } from './policy/transformer-policy.js';
export {
  type CheckpointContents,
  type StoredTensor,
  readCheckpoint,
  writeCheckpoint,
} from './checkpoint/checkpoint-file.js';
export { loadModel, readModelInfo, saveModel } from './checkpoint/model-file.js';

export type { LogRecord, TrainBeginInfo, TrainerCallback } from './callbacks/trainer-callback.js';
export { JsonlMetricsCallback } from './callbacks/jsonl-metrics-callback.js';
export { ProgressCallback } from './callbacks/progress-callback.js';
export { JsonLinesCallback } from './callbacks/json-lines-stdout-callback.js';

export { DataConfig, type TrainingData, loadTrainingData } from './config/data-config.js';
export { SftConfig } from './sft/sft-config.js';
export { type SftResult, type SftTrainerOptions, SftTrainer } from './sft/sft-trainer.js';

export { type Algorithm, ALGORITHMS, AlignConfig } from './align/align-config.js';
export { ALGORITHM_PRESETS, createAlignConfig, withPreset } from './align/algorithm-presets.js';
export { type AlignmentResult, type AlignmentTrainerOptions, AlignmentTrainer } from './align/alignment-trainer.js';
export { bestOfNInference } from './align/best-of-n-inference.js';
export { CACHE_DIR_ENV } from './cache/cache-env.js';
export { type ResultCacheCounts, type ResultCacheOptions, ResultCache } from './cache/result-cache.js';
export { type CacheContents, type CacheFile, listCacheFiles } from './cache/cache-entries.js';
export { type CacheTotals, planPrune, pruneCache, type PruneOptions, type PruneReport } from './cache/cache-prune.js';
export { type PolicyEvaluation, type PolicyEvaluationOptions, evaluatePolicy } from './align/evaluate-policy.js';
export { type PolicyComparison, comparePolicies } from './align/compare-policies.js';

export type { TopKRecommender } from './evaluation/top-k-recommender.js';
export { evaluateRecommender, type RecommenderEvaluationOptions } from './evaluation/evaluate-recommender.js';
export type { MetricOptions } from './evaluation/metric-selection.js';
export { PolicyRecommender } from './evaluation/policy-recommender.js';
export { type Comparison, compareRecommenders } from './evaluation/comparison.js';
export {
  GROUP_EXPOSURE_METRIC,
  type GroupExposure,
  groupExposureOf,
  type RecommenderEvaluation,
} from './evaluation/group-exposure.js';
export { type BootstrapInterval, pairedBootstrap } from './evaluation/paired-bootstrap.js';
export { type PairedTTest, pairedTTest } from './evaluation/paired-t-test.js';
export { type SignTest, signTest } from './evaluation/sign-test.js';
export { type StepRecord, realisedKl } from './evaluation/realised-kl.js';
export { PopularityRecommender } from './baselines/popularity-recommender.js';
export { TransitionRecommender } from './baselines/transition-recommender.js';

export { setKernelThreads, shutdownKernels } from './kernels/vocab-kernel.js';
export { trainerModule } from './trainer-module.js';
