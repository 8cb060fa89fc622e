import { tf } from '../backend/tf.js';
import type { Transformer } from '../model/transformer.js';
import type { Adam } from './adam.js';
import { clipByGlobalNormAsync } from './clip-gradients.js';

/** What one optimizer step did. */
export interface OptimizerStepResult {
  /** The loss value before the update. */
  readonly loss: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
  /** False when the loss or the gradient norm was not finite: then nothing was applied. */
  readonly applied: boolean;
}

/**
 * One training step shared by every trainer: loss → gradients of the model's variables → global-norm
 * clipping → non-finite check → AdamW update at `learningRate` → disposal of every gradient tensor.
 * Parameters the loss does not reach get no gradient (and no update of their moments). A non-finite
 * loss or gradient norm leaves the model and the optimizer untouched (`applied: false`); the caller
 * saves its last good state and reports.
 */
export async function optimizerStep(args: {
  readonly model: Transformer;
  readonly optimizer: Adam;
  readonly loss: () => tf.Scalar;
  readonly gradClip: number;
  readonly learningRate: number;
}): Promise<OptimizerStepResult> {
  const { model, optimizer } = args;
  const { value, grads } = tf.variableGrads(args.loss, model.variables());
  const loss = (await value.data())[0]!;
  value.dispose();
  const named: Record<string, tf.Tensor> = {};
  for (const [name, v] of model.params) if (grads[v.name]) named[name] = grads[v.name]!;
  // the async norm: backends without synchronous reads (webgpu in Node) need it
  const clipped = await clipByGlobalNormAsync(named, args.gradClip);
  const applied = Number.isFinite(loss) && Number.isFinite(clipped.norm);
  if (applied) optimizer.apply(clipped.grads, args.learningRate);
  tf.dispose(Object.values(grads).filter((g) => g));
  tf.dispose(Object.values(clipped.grads));
  return { loss, gradNorm: clipped.norm, applied };
}
