import type { Random } from '@bladerec/data';
import { tf } from '../backend/tf.js';
import { alibiSlopes, attentionBias } from './alibi.js';
import { gatherRows } from './ops/gather-rows.js';
import { gelu } from './ops/gelu.js';
import { layerNorm } from './ops/layer-norm.js';
import { matMul } from './ops/mat-mul.js';
import type { TransformerConfig } from './transformer-config.js';
import { createParameters, initialValues, parameterShapes } from './transformer-parameters.js';

/** Token id of padding in token batches (item tokens are catalog indices `0 … numItems−1`). */
export const PAD_TOKEN = -1;

/** A right-aligned token batch: `batch × length` catalog indices, {@link PAD_TOKEN} on the left. */
export interface TokenBatch {
  readonly batch: number;
  readonly length: number;
  readonly tokens: Int32Array;
}

/** Per-layer attention keys and values, `[B·H, T, dh]`, for incremental decoding. */
export interface LayerCache {
  k: tf.Tensor3D;
  v: tf.Tensor3D;
}

/**
 * A GPT-style decoder over item tokens ("LLM over item ids"): item embeddings, `layers` pre-LN
 * blocks of causal multi-head attention (ALiBi positions, a sliding window of `context` tokens,
 * padding masked) and a GELU feed-forward, a final layer norm, and an output layer tied to the
 * item embeddings plus a per-item bias: `logits = h · Eᵀ + b`.
 *
 * All computation goes through tfjs ops with hand-written gradients where the backends need them
 * (embedding lookup, transposed products, fused softmax cross-entropy).
 */
export class Transformer {
  readonly params: Map<string, tf.Variable>;
  readonly slopes: Float32Array;
  readonly headDim: number;
  private readonly padRow: tf.Tensor2D;

  /** Prefix of this instance's tfjs variable names (tfjs requires globally unique names). */
  readonly scope: string;
  private static instances = 0;

  constructor(
    readonly config: TransformerConfig,
    readonly numItems: number,
    values: ReadonlyMap<string, Float32Array>,
  ) {
    this.scope = `transformer${Transformer.instances++}`;
    this.params = createParameters(config, numItems, values, this.scope);
    this.slopes = alibiSlopes(config.heads);
    this.headDim = config.dModel / config.heads;
    this.padRow = tf.keep(tf.zeros([1, config.dModel]));
  }

  /** A freshly initialised model (seeded). */
  static create(config: TransformerConfig, numItems: number, rng: Random, itemInit?: Float32Array): Transformer {
    return new Transformer(config, numItems, initialValues(config, numItems, rng, itemInit));
  }

  /** Trainable variables in checkpoint order. */
  variables(): tf.Variable[] {
    return parameterShapes(this.config, this.numItems).map(([name]) => this.params.get(name)!);
  }

  /** Current parameter values (copies). */
  async values(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, v] of this.params) out.set(name, (await v.data()) as Float32Array);
    return out;
  }

  /** Overwrites every parameter. */
  assign(values: ReadonlyMap<string, Float32Array>): void {
    for (const [name, v] of this.params) {
      const data = values.get(name);
      if (!data || data.length !== v.size) throw new RangeError(`cannot assign parameter ${name}`);
      v.assign(tf.tensor(data, v.shape));
    }
  }

  /** Number of trainable scalars. */
  get size(): number {
    let n = 0;
    for (const v of this.params.values()) n += v.size;
    return n;
  }

  private p(name: string): tf.Variable {
    return this.params.get(name)!;
  }

  /** Embeddings of a token batch `[B·T, d]`; padding maps to a zero row. */
  embed(tokens: Int32Array): tf.Tensor2D {
    const idx = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) idx[i] = tokens[i]! < 0 ? this.numItems : tokens[i]!;
    const table = tf.concat([this.p('items.embedding'), this.padRow]) as tf.Tensor2D;
    return gatherRows(table, tf.tensor1d(idx, 'int32'));
  }

  /**
   * Hidden states after the final layer norm for every position of a token batch, `[B·T, d]`.
   * @param rng dropout seeds (training); omit for evaluation.
   */
  hidden(batch: TokenBatch, rng?: Random): tf.Tensor2D {
    const { batch: B, length: T, tokens } = batch;
    const { heads: H, layers, context } = this.config;
    const keyValid = new Uint8Array(B * T);
    for (let i = 0; i < tokens.length; i++) keyValid[i] = tokens[i]! === PAD_TOKEN ? 0 : 1;
    const bias = tf.tensor3d(attentionBias(B, H, this.slopes, 0, T, T, context, keyValid), [B * H, T, T]);
    let x = this.dropout(this.embed(tokens), rng);
    for (let l = 0; l < layers; l++) {
      const out = this.attention(l, layerNorm(x, this.p(`block${l}.ln1.gamma`) as tf.Tensor1D, this.p(`block${l}.ln1.beta`) as tf.Tensor1D), B, T, bias);
      x = tf.add(x, this.dropout(out, rng));
      x = tf.add(x, this.dropout(this.feedForward(l, x), rng));
    }
    return layerNorm(x, this.p('final.ln.gamma') as tf.Tensor1D, this.p('final.ln.beta') as tf.Tensor1D) as tf.Tensor2D;
  }

  /** Item logits for hidden rows `[P, d]` → `[P, numItems]`. */
  logits(hidden: tf.Tensor2D): tf.Tensor2D {
    const e = this.p('items.embedding');
    return tf.add(matMul(hidden, tf.transpose(e)), this.p('items.bias')) as tf.Tensor2D;
  }

  /** Multi-head attention of block `l` over normalised input `h` `[B·T, d]` with bias `[B·H, T, T]`. */
  private attention(l: number, h: tf.Tensor, B: number, T: number, bias: tf.Tensor3D): tf.Tensor2D {
    const { heads: H, dModel: d } = this.config;
    const dh = this.headDim;
    const proj = (name: string) => tf.add(matMul(h as tf.Tensor2D, this.p(`block${l}.attn.${name}.w`)), this.p(`block${l}.attn.${name}.b`));
    const q = tf.reshape(tf.transpose(tf.reshape(proj('q'), [B, T, H, dh]), [0, 2, 1, 3]), [B * H, T, dh]);
    const kT = tf.reshape(tf.transpose(tf.reshape(proj('k'), [B, T, H, dh]), [0, 2, 3, 1]), [B * H, dh, T]);
    const v = tf.reshape(tf.transpose(tf.reshape(proj('v'), [B, T, H, dh]), [0, 2, 1, 3]), [B * H, T, dh]);
    const scores = tf.add(tf.mul(matMul(q as tf.Tensor3D, kT), 1 / Math.sqrt(dh)), bias);
    const o = matMul(tf.softmax(scores) as tf.Tensor3D, v);
    const merged = tf.reshape(tf.transpose(tf.reshape(o, [B, H, T, dh]), [0, 2, 1, 3]), [B * T, d]);
    return tf.add(matMul(merged as tf.Tensor2D, this.p(`block${l}.attn.out.w`)), this.p(`block${l}.attn.out.b`)) as tf.Tensor2D;
  }

  /** Feed-forward branch of block `l` (pre-LN). */
  feedForward(l: number, x: tf.Tensor): tf.Tensor2D {
    const h = layerNorm(x, this.p(`block${l}.ln2.gamma`) as tf.Tensor1D, this.p(`block${l}.ln2.beta`) as tf.Tensor1D) as tf.Tensor2D;
    const inner = gelu(tf.add(matMul(h, this.p(`block${l}.ffn.in.w`)), this.p(`block${l}.ffn.in.b`)));
    return tf.add(matMul(inner as tf.Tensor2D, this.p(`block${l}.ffn.out.w`)), this.p(`block${l}.ffn.out.b`)) as tf.Tensor2D;
  }

  /** Inverted dropout with a seed drawn from `rng`; identity without `rng` or with rate 0. */
  dropout<T extends tf.Tensor>(x: T, rng?: Random): T {
    const rate = this.config.dropout;
    if (!rng || rate === 0) return x;
    const keep = tf.step(tf.sub(tf.randomUniform(x.shape, 0, 1, 'float32', rng.nextUint32()), rate));
    return tf.mul(x, tf.mul(keep, 1 / (1 - rate))) as T;
  }

  /**
   * One decoding step for the last query position of each row, given cached keys/values of the
   * earlier positions (`caches` are replaced by the extended ones). Returns hidden states `[R, d]`.
   *
   * @param tokens the new token of each row
   * @param position absolute position of the new tokens (= number of cached positions)
   * @param keyValid validity of every key position `[R · (position+1)]`, row-major
   */
  decodeStep(tokens: Int32Array, caches: LayerCache[], position: number, keyValid: Uint8Array): tf.Tensor2D {
    const R = tokens.length;
    const { heads: H, dModel: d, layers, context } = this.config;
    const dh = this.headDim;
    const Tk = position + 1;
    const bias = tf.tensor3d(attentionBias(R, H, this.slopes, position, 1, Tk, context, keyValid), [R * H, 1, Tk]);
    let x = this.embed(tokens);
    for (let l = 0; l < layers; l++) {
      const h = layerNorm(x, this.p(`block${l}.ln1.gamma`) as tf.Tensor1D, this.p(`block${l}.ln1.beta`) as tf.Tensor1D) as tf.Tensor2D;
      const proj = (name: string) => tf.reshape(tf.add(matMul(h, this.p(`block${l}.attn.${name}.w`)), this.p(`block${l}.attn.${name}.b`)), [R * H, 1, dh]) as tf.Tensor3D;
      const q = proj('q');
      const cache = caches[l]!;
      const k = tf.concat([cache.k, proj('k')], 1) as tf.Tensor3D;
      const v = tf.concat([cache.v, proj('v')], 1) as tf.Tensor3D;
      caches[l] = { k, v };
      const scores = tf.add(tf.mul(tf.matMul(q, tf.transpose(k, [0, 2, 1])), 1 / Math.sqrt(dh)), bias);
      const o = tf.reshape(tf.matMul(tf.softmax(scores) as tf.Tensor3D, v), [R, d]);
      x = tf.add(x, tf.add(tf.matMul(o, this.p(`block${l}.attn.out.w`)), this.p(`block${l}.attn.out.b`)));
      x = tf.add(x, this.feedForward(l, x));
    }
    return layerNorm(x, this.p('final.ln.gamma') as tf.Tensor1D, this.p('final.ln.beta') as tf.Tensor1D) as tf.Tensor2D;
  }

  /**
   * Runs a token batch and returns the per-layer key/value caches (`[B·H, T, dh]`) and the hidden
   * state of the last position of each row `[B, d]` — the prefill of incremental decoding.
   */
  prefill(batch: TokenBatch): { caches: LayerCache[]; last: tf.Tensor2D } {
    const { batch: B, length: T, tokens } = batch;
    const { heads: H, dModel: d, layers, context } = this.config;
    const dh = this.headDim;
    const keyValid = new Uint8Array(B * T);
    for (let i = 0; i < tokens.length; i++) keyValid[i] = tokens[i]! === PAD_TOKEN ? 0 : 1;
    const bias = tf.tensor3d(attentionBias(B, H, this.slopes, 0, T, T, context, keyValid), [B * H, T, T]);
    const caches: LayerCache[] = [];
    let x = this.embed(tokens);
    for (let l = 0; l < layers; l++) {
      const h = layerNorm(x, this.p(`block${l}.ln1.gamma`) as tf.Tensor1D, this.p(`block${l}.ln1.beta`) as tf.Tensor1D) as tf.Tensor2D;
      const heads = (name: string) =>
        tf.reshape(tf.transpose(tf.reshape(tf.add(matMul(h, this.p(`block${l}.attn.${name}.w`)), this.p(`block${l}.attn.${name}.b`)), [B, T, H, dh]), [0, 2, 1, 3]), [B * H, T, dh]) as tf.Tensor3D;
      const q = heads('q');
      const k = heads('k');
      const v = heads('v');
      caches.push({ k, v });
      const scores = tf.add(tf.mul(tf.matMul(q, tf.transpose(k, [0, 2, 1])), 1 / Math.sqrt(dh)), bias);
      const o = tf.matMul(tf.softmax(scores) as tf.Tensor3D, v);
      const merged = tf.reshape(tf.transpose(tf.reshape(o, [B, H, T, dh]), [0, 2, 1, 3]), [B * T, d]) as tf.Tensor2D;
      x = tf.add(x, tf.add(tf.matMul(merged, this.p(`block${l}.attn.out.w`)), this.p(`block${l}.attn.out.b`)));
      x = tf.add(x, this.feedForward(l, x));
    }
    const last = tf.reshape(tf.slice(tf.reshape(x, [B, T, d]), [0, T - 1, 0], [B, 1, d]), [B, d]);
    return { caches, last: layerNorm(last, this.p('final.ln.gamma') as tf.Tensor1D, this.p('final.ln.beta') as tf.Tensor1D) as tf.Tensor2D };
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.padRow.dispose();
  }
}
