/**
 * @bladerec/trainer/internal — every module of the trainer: tensor ops, fused kernels, loss terms,
 * optimiser pieces, rollout batches and the `blade train` command classes. For the bladerec packages
 * themselves, benchmarks and tools that need more than the public API.
 *
 * Not covered by semantic versioning: anything here may change in a minor release.
 */
export * from './backend/backend-selection.js';
export * from './backend/tf.js';
export * from './backend/webgpu-adapter.js';
export * from './model/transformer-config.js';
export * from './model/transformer.js';
export * from './model/transformer-parameters.js';
export * from './model/alibi.js';
export * from './model/count-prior.js';
export * from './model/ops/attention.js';
export { DenseKernels, sharedDenseKernels, usesDenseKernels } from './kernels/dense-kernel.js';
export { AdamKernel, type AdamHyper, adamKernelTiming } from './kernels/adam-kernel.js';
export * from './model/ops/mat-mul.js';
export * from './model/ops/gather-rows.js';
export * from './model/ops/selected-log-probs.js';
export * from './model/ops/layer-norm.js';
export * from './model/ops/gelu.js';
export * from './policy/token-batches.js';
export * from './policy/step-sampler.js';
export * from './policy/host-list-state.js';
export * from './policy/transformer-policy.js';
export * from './optim/adam.js';
export * from './optim/learning-rate.js';
export * from './optim/clip-gradients.js';
export * from './optim/optimizer-step.js';
export * from './checkpoint/checkpoint-file.js';
export * from './checkpoint/model-file.js';
export * from './checkpoint/training-state.js';
export * from './callbacks/trainer-callback.js';
export * from './callbacks/jsonl-metrics-callback.js';
export * from './evaluation/top-k-recommender.js';
export * from './evaluation/example-batches.js';
export * from './evaluation/evaluate-recommender.js';
export * from './evaluation/metric-selection.js';
export * from './evaluation/policy-recommender.js';
export * from './evaluation/paired-bootstrap.js';
export * from './evaluation/paired-t-test.js';
export * from './evaluation/sign-test.js';
export * from './evaluation/student-t-quantile.js';
export * from './baselines/popularity-recommender.js';
export * from './baselines/transition-recommender.js';
export * from './sft/sft-config.js';
export * from './sft/training-windows.js';
export * from './sft/sft-trainer.js';
export * from './config/data-config.js';
export * from './callbacks/progress-callback.js';
export * from './callbacks/json-lines-stdout-callback.js';
export * from './evaluation/comparison.js';
export * from './cli/train-command-group.js';
export * from './cli/run-setup.js';
export * from './cli/train-sft-command.js';
export * from './trainer-module.js';
export * from './model/ops/output-logits.js';
export * from './align/align-config.js';
export * from './align/algorithm-presets.js';
export { type AdvantageKind, advantages, groupSoftmax } from '@bladerec/estimators';
export {
  type BatchTargets,
  batchTargets,
  refreshPriors,
  seedPriors,
  type TargetComponents,
} from '@bladerec/estimators';
export * from './align/alignment-diagnostics.js';
export * from './align/rollout-rewards.js';
export * from './align/evaluate-policy.js';
export * from './align/compare-policies.js';
export * from './align/ema-anchor.js';
export * from './align/alignment-trainer.js';
export * from './align/reference-cache.js';
export * from './align/rollout-batch.js';
export * from './align/context-order.js';
export * from './align/ceiling-reference.js';
export * from './align/loss/loss-term.js';
export * from './align/loss/loss-term-config.js';
export * from './align/loss/loss-terms.js';
export * from './align/loss/kl-config.js';
export * from './align/loss/kl-penalty.js';
export * from './align/loss/weighted-nll.js';
export * from './align/loss/policy-gradient.js';
export * from './align/loss/sft-best.js';
export * from './align/loss/ipo-pairs.js';
export * from './align/loss/cached-extremes.js';
export * from './cli/train-align-command.js';
export * from './cli/resolve-init.js';
export * from './cli/run-sft.js';
export * from './cli/run-align.js';
export * from './cli/run-bon.js';
export * from './align/best-of-n-inference.js';
export * from './cli/train-bon-command.js';
export * from './model/ops/vocab-log-probs.js';
export {
  type BannedItems,
  type VocabForward,
  type VocabShape,
  VocabKernel,
  setKernelThreads,
  sharedVocabKernel,
  shutdownKernels,
} from './kernels/vocab-kernel.js';
export { KernelPool, defaultKernelThreads } from './kernels/kernel-pool.js';
export { FUSED_KERNEL_BACKENDS, usesFusedKernels, usesFusedLists } from './kernels/fused-backends.js';
export { relaxedSimdSupported, simdSupported } from './kernels/simd-features.js';
export * from './cache/cache-env.js';
export * from './cache/content-hash.js';
export * from './cache/entry-codec.js';
export * from './cache/result-cache.js';
export * from './cache/cache-entries.js';
export * from './cache/cache-prune.js';
