import { BladeUserError } from '@bladerec/core';
import { Transformer } from '../model/transformer.js';
import type { TransformerConfig } from '../model/transformer-config.js';
import { readCheckpoint, type StoredTensor, writeCheckpoint } from './checkpoint-file.js';

interface ModelState {
  readonly kind: 'bladerec-model';
  readonly config: TransformerConfig;
  readonly numItems: number;
  /** Free-form provenance: algorithm, step, data set … */
  readonly meta: Record<string, unknown>;
}

/** Parameter tensors of a model, keyed by parameter name, and its count prior's tables (`countPrior.*`). */
export async function modelTensors(model: Transformer, prefix = ''): Promise<Map<string, StoredTensor>> {
  const out = new Map<string, StoredTensor>();
  for (const [name, data] of await model.values())
    out.set(prefix + name, { shape: model.params.get(name)!.shape, data });
  // the count prior's tables are part of the model (not trained)
  for (const [name, data] of model.prior?.tensors() ?? []) out.set(prefix + name, { shape: [data.length], data });
  for (const [l, lagPrior] of model.lagPriors.entries()) {
    for (const [name, data] of lagPrior.tensors(l + 2)) out.set(prefix + name, { shape: [data.length], data });
  }
  return out;
}

/** Saves a trained model (config, item count, weights, count tables) atomically. */
export async function saveModel(path: string, model: Transformer, meta: Record<string, unknown> = {}): Promise<void> {
  writeCheckpoint<ModelState>(path, {
    state: { kind: 'bladerec-model', config: model.config, numItems: model.numItems, meta },
    tensors: await modelTensors(model),
  });
}

/** Loads a model saved by {@link saveModel}. @throws BladeUserError for other files. */
export function loadModel(path: string): { model: Transformer; meta: Record<string, unknown> } {
  const { state, tensors } = readCheckpoint<ModelState>(path);
  if (state?.kind !== 'bladerec-model')
    throw new BladeUserError('not a bladerec model file (use a model.bct written by blade train)', { file: path });
  const values = new Map<string, Float32Array>();
  for (const [name, t] of tensors) values.set(name, t.data);
  return { model: new Transformer(state.config, state.numItems, values), meta: state.meta };
}

/**
 * What a model file says about itself (config, item count, provenance) without building the model:
 * no TensorFlow.js needed. @throws BladeUserError for other files.
 */
export function readModelInfo(path: string): {
  config: TransformerConfig;
  numItems: number;
  meta: Record<string, unknown>;
} {
  const { state } = readCheckpoint<ModelState>(path);
  if (state?.kind !== 'bladerec-model')
    throw new BladeUserError('not a bladerec model file (use a model.bct written by blade train)', { file: path });
  return { config: state.config, numItems: state.numItems, meta: state.meta };
}
