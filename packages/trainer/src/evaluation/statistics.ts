/**
 * The trainer's significance tests without TensorFlow.js (`@bladerec/trainer/statistics`): the
 * user-level paired bootstrap, the seed-level paired t and sign tests and the realised KL of a run's
 * log, for reports that read run folders and never train.
 */
export * from './paired-bootstrap.js';
export * from './paired-t-test.js';
export * from './realised-kl.js';
export * from './sign-test.js';
export * from './student-t-quantile.js';
