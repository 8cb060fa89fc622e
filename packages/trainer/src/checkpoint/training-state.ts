import type { Transformer } from '../model/transformer.js';
import type { Adam } from '../optim/adam.js';
import type { StoredTensor } from './checkpoint-file.js';
import { modelTensors } from './model-file.js';

/**
 * The tensors of a training checkpoint, shared by SFT and alignment: the model under `model/`, the
 * Adam moments under `adam.m/` and `adam.v/`, optional kept weights (the best evaluation's) under
 * `best/`, and further models (an EMA anchor) under their own prefix. The JSON state beside them
 * (step, RNG, Adam step …) is the trainer's own.
 */
export async function trainingTensors(args: {
  readonly model: Transformer;
  readonly optimizer: Adam;
  readonly best?: ReadonlyMap<string, Float32Array>;
  readonly models?: Readonly<Record<string, Transformer>>;
}): Promise<{ tensors: Map<string, StoredTensor>; adamStep: number }> {
  const { model } = args;
  const tensors = new Map<string, StoredTensor>(await modelTensors(model, 'model/'));
  for (const [prefix, other] of Object.entries(args.models ?? {}))
    for (const [k, v] of await modelTensors(other, prefix)) tensors.set(k, v);
  const adam = await args.optimizer.save();
  const shape = (name: string) => model.params.get(name)!.shape;
  for (const [name, data] of adam.m) tensors.set(`adam.m/${name}`, { shape: shape(name), data });
  for (const [name, data] of adam.v) tensors.set(`adam.v/${name}`, { shape: shape(name), data });
  for (const [name, data] of args.best ?? []) tensors.set(`best/${name}`, { shape: shape(name), data });
  return { tensors, adamStep: adam.step };
}

/**
 * Restores what {@link trainingTensors} stored: the model, the optimizer (at `adamStep`) and the
 * further models; returns the kept weights (`undefined` when none were stored).
 */
export function restoreTraining(args: {
  readonly tensors: ReadonlyMap<string, StoredTensor>;
  readonly adamStep: number;
  readonly model: Transformer;
  readonly optimizer: Adam;
  readonly models?: Readonly<Record<string, Transformer>>;
}): Map<string, Float32Array> | undefined {
  const { tensors } = args;
  args.model.assign(pickTensors(tensors, 'model/'));
  for (const [prefix, other] of Object.entries(args.models ?? {})) other.assign(pickTensors(tensors, prefix));
  args.optimizer.load({ step: args.adamStep, m: pickTensors(tensors, 'adam.m/'), v: pickTensors(tensors, 'adam.v/') });
  const best = pickTensors(tensors, 'best/');
  return best.size > 0 ? best : undefined;
}

/** The tensors whose names start with `prefix`, keyed by the rest of the name. */
export function pickTensors(tensors: ReadonlyMap<string, StoredTensor>, prefix: string): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [name, t] of tensors) if (name.startsWith(prefix)) out.set(name.slice(prefix.length), t.data);
  return out;
}
