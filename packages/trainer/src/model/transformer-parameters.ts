import type { Random } from '@bladerec/data';
import { tf } from '../backend/tf.js';
import type { TransformerConfig } from './transformer-config.js';

/** Named trainable tensors of the transformer, in a stable order (checkpoints rely on it). */
export type ParameterSet = ReadonlyMap<string, tf.Variable>;

/** Shapes of every parameter for a config and item count, in creation order. */
export function parameterShapes(config: TransformerConfig, numItems: number): [string, number[]][] {
  const d = config.dModel;
  const f = d * config.ffnMultiplier;
  const shapes: [string, number[]][] = [
    ['items.embedding', [numItems, d]],
    ['items.bias', [numItems]],
  ];
  for (let l = 0; l < config.layers; l++) {
    const p = `block${l}`;
    shapes.push(
      [`${p}.ln1.gamma`, [d]],
      [`${p}.ln1.beta`, [d]],
      [`${p}.attn.q.w`, [d, d]],
      [`${p}.attn.q.b`, [d]],
      [`${p}.attn.k.w`, [d, d]],
      [`${p}.attn.k.b`, [d]],
      [`${p}.attn.v.w`, [d, d]],
      [`${p}.attn.v.b`, [d]],
      [`${p}.attn.out.w`, [d, d]],
      [`${p}.attn.out.b`, [d]],
      [`${p}.ln2.gamma`, [d]],
      [`${p}.ln2.beta`, [d]],
      [`${p}.ffn.in.w`, [d, f]],
      [`${p}.ffn.in.b`, [f]],
      [`${p}.ffn.out.w`, [f, d]],
      [`${p}.ffn.out.b`, [d]],
    );
  }
  shapes.push(['final.ln.gamma', [d]], ['final.ln.beta', [d]], ['list.interaction', [d, d]]);
  const lags = config.transition ?? 0;
  if (lags > 0) shapes.push(['transition.embedding', [numItems, d]], ['transition.lag', [lags]]);
  if (config.countPrior) shapes.push(['prior.gamma', [1]]);
  // the weights of the lag priors ℓ = 2 … lags (zero-initialised: the model starts at the first-order prior)
  const priorLags = config.countPrior?.lags ?? 1;
  if (priorLags > 1) shapes.push(['prior.lagGamma', [priorLags - 1]]);
  // the repeat term's weight ω (zero-initialised)
  if (config.countPrior?.repeat) shapes.push(['prior.repeat', [1]]);
  return shapes;
}

/**
 * Initial values, drawn from the seeded generator so that a seed gives the same model on every
 * backend: N(0, 0.02) for embeddings and input projections, N(0, 0.02/√(2L)) for the projections
 * that write into the residual stream (GPT-2), ones/zeros for layer norms, zero biases, and a zero
 * list-interaction matrix (the list head starts as a Plackett–Luce draw from next-item scores);
 * transition embeddings N(0, 0.02) and lag weights 1. With the count prior its weight γ starts at 1 (the lag
 * priors' weights γ_ℓ>1 at `countPrior.lagInit`, default 0) and
 * the final layer norm's gain at 0, so the hidden state is 0 and the model starts exactly as the
 * smoothed transition model (the gain's gradient is not 0, so the transformer is switched on by
 * training, as in ReZero, Bachlechner et al. 2021).
 * With `itemInit` (catalog embeddings already projected to `dModel`), item embeddings start there.
 */
export function initialValues(
  config: TransformerConfig,
  numItems: number,
  rng: Random,
  itemInit?: Float32Array,
): Map<string, Float32Array> {
  const residualStd = 0.02 / Math.sqrt(2 * config.layers);
  const values = new Map<string, Float32Array>();
  for (const [name, shape] of parameterShapes(config, numItems)) {
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    // with the count prior the final layer norm's gain starts at 0: h = 0, the model starts exactly at the prior
    if (name === 'final.ln.gamma' && config.countPrior) data.fill(0);
    else if (name.endsWith('.gamma') || name === 'transition.lag')
      data.fill(1); // prior.gamma too
    else if (name === 'list.interaction') data.fill(0);
    else if (name === 'prior.lagGamma') data.fill(config.countPrior?.lagInit ?? 0);
    else if (name === 'prior.repeat') data.fill(config.countPrior?.repeatInit ?? 0);
    else if (name.endsWith('.w') || name === 'items.embedding' || name === 'transition.embedding') {
      const std = name.endsWith('attn.out.w') || name.endsWith('ffn.out.w') ? residualStd : 0.02;
      for (let i = 0; i < size; i++) data[i] = rng.normal() * std;
    }
    values.set(name, data);
  }
  if (itemInit) {
    if (itemInit.length !== numItems * config.dModel) throw new RangeError('item embedding init has the wrong size');
    values.set('items.embedding', Float32Array.from(itemInit));
  }
  return values;
}

/** Creates trainable variables from values; tfjs variable names are `<scope>/<name>`. */
export function createParameters(
  config: TransformerConfig,
  numItems: number,
  values: ReadonlyMap<string, Float32Array>,
  scope: string,
): Map<string, tf.Variable> {
  const params = new Map<string, tf.Variable>();
  for (const [name, shape] of parameterShapes(config, numItems)) {
    const data = values.get(name);
    if (!data) throw new RangeError(`missing parameter ${name}`);
    if (data.length !== shape.reduce((a, b) => a * b, 1))
      throw new RangeError(`parameter ${name} has ${data.length} values for shape [${shape}]`);
    params.set(name, tf.variable(tf.tensor(data, shape), true, `${scope}/${name}`));
  }
  return params;
}

/**
 * Projects catalog embeddings (`numItems × e`) to `dModel` with a seeded Gaussian projection and
 * rescales them to the standard deviation of a fresh embedding (0.02).
 */
export function projectCatalogEmbeddings(
  data: Float32Array,
  dim: number,
  numItems: number,
  dModel: number,
  rng: Random,
): Float32Array {
  const projection = new Float32Array(dim * dModel);
  for (let i = 0; i < projection.length; i++) projection[i] = rng.normal() / Math.sqrt(dim);
  const out = new Float32Array(numItems * dModel);
  let sumSq = 0;
  for (let i = 0; i < numItems; i++) {
    for (let j = 0; j < dModel; j++) {
      let s = 0;
      for (let e = 0; e < dim; e++) s += data[i * dim + e]! * projection[e * dModel + j]!;
      out[i * dModel + j] = s;
      sumSq += s * s;
    }
  }
  const std = Math.sqrt(sumSq / Math.max(1, out.length));
  const scale = std > 0 ? 0.02 / std : 0;
  for (let i = 0; i < out.length; i++) out[i]! *= scale;
  return out;
}
