import type { Random } from '@bladerec/data';
import { tf } from '../backend/tf.js';
import { alibiSlopes, attentionBias } from './alibi.js';
import { gatherRows, lookupRows } from './ops/gather-rows.js';
import { usesDenseKernels } from '../kernels/dense-kernel.js';
import { attention, type AttentionBias, attentionBiasOf } from './ops/attention.js';
import { biasGelu } from './ops/gelu.js';
import { layerNorm } from './ops/layer-norm.js';
import { matMul } from './ops/mat-mul.js';
import { kernelMatMul, kernelMatMulApplies } from './ops/kernel-mat-mul.js';
import { outputLogits } from './ops/output-logits.js';
import { denseSparseLogits, type SparseLogits, vocabLogProbs } from './ops/vocab-log-probs.js';
import { CountPrior, lagCorrections, type PriorRows } from './count-prior.js';
import type { BannedItems } from '../kernels/vocab-kernel.js';
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

/**
 * A GPT-style decoder over item tokens ("LLM over item ids"): item embeddings, `layers` pre-LN
 * blocks of causal multi-head attention (ALiBi positions, a sliding window of `context` tokens,
 * padding masked) and a GELU feed-forward, a final layer norm, and an output layer tied to the
 * item embeddings plus a per-item bias: `logits = h · Eᵀ + b`. A list head turns the encoding of a
 * history into K items: slot t scores `(h + M·Σ_{j<t} e(y_j)) · Eᵀ + b` over the items not yet
 * chosen (see `docs/policy.md` for why the list items are not fed back as consumed items).
 *
 * All computation goes through tfjs ops with hand-written gradients where the backends need them
 * (embedding lookup, transposed products, fused softmax cross-entropy).
 */
export class Transformer {
  readonly params: Map<string, tf.Variable>;
  readonly slopes: Float32Array;
  readonly headDim: number;
  /** The count-based transition prior (with `config.countPrior`), see {@link CountPrior}. */
  readonly prior?: CountPrior;
  /** The lag priors ℓ = 2 … `countPrior.lags` (empty for the first-order prior alone). */
  readonly lagPriors: readonly CountPrior[] = [];
  private readonly padRow: tf.Tensor2D;
  private readonly priorBase?: tf.Tensor1D;

  /** Prefix of this instance's tfjs variable names (tfjs requires globally unique names). */
  readonly scope: string;
  private static instances = 0;

  /**
   * @param values parameter values by name (extra entries are ignored).
   * @param prior the count tables when `config.countPrior` is set; without, they are read from the
   *   `countPrior.*` entries of `values` (as a model file stores them).
   * @param lagPriors the tables of lags 2 … `countPrior.lags` (read from `countPrior.lag<ℓ>.*` without).
   */
  constructor(
    readonly config: TransformerConfig,
    readonly numItems: number,
    values: ReadonlyMap<string, Float32Array>,
    prior?: CountPrior,
    lagPriors?: readonly CountPrior[],
  ) {
    if (config.countPrior) {
      const { smoothing, lags = 1 } = config.countPrior;
      this.prior = prior ?? CountPrior.fromTensors(smoothing, values);
      if (!this.prior) throw new RangeError('model.countPrior is set but the model has no count tables');
      this.lagPriors =
        lagPriors ??
        Array.from({ length: lags - 1 }, (_, l) => {
          const table = CountPrior.fromTensors(smoothing, values, l + 2);
          if (!table)
            throw new RangeError(`model.countPrior.lags is ${lags} but the model has no lag-${l + 2} count tables`);
          return table;
        });
      if (this.lagPriors.length !== lags - 1) {
        throw new RangeError(`model.countPrior.lags is ${lags} but ${this.lagPriors.length + 1} lag priors were given`);
      }
      for (const p of [this.prior, ...this.lagPriors]) {
        if (p.numItems !== numItems) throw new RangeError(`count prior has ${p.numItems} items, the model ${numItems}`);
      }
      this.priorBase = tf.keep(tf.tensor1d(this.prior.base));
    }
    this.scope = `transformer${Transformer.instances++}`;
    this.params = createParameters(config, numItems, values, this.scope);
    this.slopes = alibiSlopes(config.heads);
    this.headDim = config.dModel / config.heads;
    this.padRow = tf.keep(tf.zeros([1, config.dModel]));
  }

  /**
   * A freshly initialised model (seeded); `prior` is required with `config.countPrior`, and `lagPriors`
   * (lags 2 … L) with `countPrior.lags` L > 1.
   */
  static create(
    config: TransformerConfig,
    numItems: number,
    rng: Random,
    itemInit?: Float32Array,
    prior?: CountPrior,
    lagPriors?: readonly CountPrior[],
  ): Transformer {
    return new Transformer(config, numItems, initialValues(config, numItems, rng, itemInit), prior, lagPriors);
  }

  /** Number of lag priors `L` (`countPrior.lags`; 0 without a count prior). */
  get priorLags(): number {
    return this.prior ? 1 + this.lagPriors.length : 0;
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

  /**
   * Embeddings of a token batch `[B·T, d]`; padding maps to a zero row. With `train` false the
   * lookup skips the custom-gradient wrapper, and batches without padding skip the zero row.
   */
  embed(tokens: Int32Array, train = true): tf.Tensor2D {
    if (usesDenseKernels()) return lookupRows(this.p('items.embedding') as tf.Tensor2D, tokens);
    const hasPad = tokens.some((t) => t < 0);
    if (!train) {
      if (!hasPad) return tf.gather(this.p('items.embedding'), tf.tensor1d(tokens, 'int32')) as tf.Tensor2D;
    }
    const idx = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) idx[i] = tokens[i]! < 0 ? this.numItems : tokens[i]!;
    const table = tf.concat([this.p('items.embedding'), this.padRow]) as tf.Tensor2D;
    return train
      ? gatherRows(table, tf.tensor1d(idx, 'int32'))
      : (tf.gather(table, tf.tensor1d(idx, 'int32')) as tf.Tensor2D);
  }

  /**
   * Hidden states after the final layer norm for every position of a token batch, `[B·T, d]`.
   * @param rng dropout seeds (training); omit for evaluation.
   */
  hidden(batch: TokenBatch, rng?: Random, train = true): tf.Tensor2D {
    return this.hiddenRows(batch, rng, train);
  }

  /**
   * {@link hidden}, or with `rows` only the hidden states of those positions `[rows.length, d]`: the last block
   * then computes its attention for every position (the keys and values need them all) and its output
   * projection, feed-forward branch and the final layer norm only for `rows` — every op there works row by row,
   * so the rows are the bits {@link hidden} gives them.
   */
  private hiddenRows(batch: TokenBatch, rng?: Random, train = true, rows?: Int32Array): tf.Tensor2D {
    const { batch: B, length: T, tokens } = batch;
    const { heads: H, layers, context } = this.config;
    const keyValid = new Uint8Array(B * T);
    for (let i = 0; i < tokens.length; i++) keyValid[i] = tokens[i]! === PAD_TOKEN ? 0 : 1;
    const bias = attentionBiasOf(attentionBias(B, H, this.slopes, 0, T, T, context, keyValid), [B * H, T, T]);
    const select = (x: tf.Tensor2D) =>
      usesDenseKernels() ? lookupRows(x, rows!) : (tf.gather(x, tf.tensor1d(rows!, 'int32')) as tf.Tensor2D);
    let x = this.dropout(this.embed(tokens, train), rng);
    for (let l = 0; l < layers; l++) {
      const last = rows !== undefined && l === layers - 1;
      const out = this.attention(
        l,
        layerNorm(x, this.p(`block${l}.ln1.gamma`) as tf.Tensor1D, this.p(`block${l}.ln1.beta`) as tf.Tensor1D),
        B,
        T,
        bias,
        train,
        last ? select : undefined,
      );
      x = tf.add(last ? select(x) : x, this.dropout(out, rng));
      x = tf.add(x, this.dropout(this.feedForward(l, x, train), rng));
    }
    const h = layerNorm(
      x,
      this.p('final.ln.gamma') as tf.Tensor1D,
      this.p('final.ln.beta') as tf.Tensor1D,
    ) as tf.Tensor2D;
    if ((this.config.transition ?? 0) <= 0) return h;
    const term = this.transitionTerm(batch, train);
    return tf.add(h, rows ? select(term) : term);
  }

  /**
   * The FPMC-style transition term of every position `[B·T, d]` (Rendle et al. 2010; per-lag weights
   * as in Fossil, He & McAuley 2016): `Σ_{l<L} w_l · F(x_{t−l})` over the last `L = transition`
   * tokens up to position t, with a learned table `F` (`transition.embedding`); padding and
   * positions before the sequence contribute 0. Added to the hidden state, it is scored against the
   * output embeddings by the one projection `(h + Σ w_l F(x_{t−l})) · Eᵀ + b`, so
   * `F(last) · e_i` is a factorised item-to-item transition score.
   */
  transitionTerm(batch: TokenBatch, train = true): tf.Tensor2D {
    const { batch: B, length: T, tokens } = batch;
    const lags = this.config.transition ?? 0;
    const table = tf.concat([this.p('transition.embedding'), this.padRow]) as tf.Tensor2D;
    const weights = this.p('transition.lag');
    let sum: tf.Tensor2D | undefined;
    for (let l = 0; l < lags; l++) {
      const idx = new Int32Array(B * T).fill(this.numItems);
      for (let b = 0; b < B; b++) {
        for (let t = l; t < T; t++) {
          const token = tokens[b * T + t - l]!;
          if (token >= 0) idx[b * T + t] = token;
        }
      }
      const index = tf.tensor1d(idx, 'int32');
      const rows = train ? gatherRows(table, index) : (tf.gather(table, index) as tf.Tensor2D);
      const term = tf.mul(rows, tf.slice(weights, [l], [1])) as tf.Tensor2D;
      sum = sum ? (tf.add(sum, term) as tf.Tensor2D) : term;
    }
    return sum!;
  }

  /**
   * The output bias `[V]`: `b`, plus `γ·log(λ p_pop)` with the count prior (its per-item part, see
   * {@link CountPrior}; differentiable in `b` and `γ`).
   */
  outputBias(): tf.Tensor1D {
    const b = this.p('items.bias') as tf.Tensor1D;
    if (!this.priorBase) return b;
    // every lag prior has the same item part log(λ p_pop): its weight is Σ_ℓ γ_ℓ
    const gamma =
      this.lagPriors.length > 0
        ? tf.add(this.p('prior.gamma'), tf.sum(this.p('prior.lagGamma')))
        : this.p('prior.gamma');
    return tf.add(b, tf.mul(gamma, this.priorBase)) as tf.Tensor1D;
  }

  /**
   * The count prior's sparse part for `rows` (`γ·log(1 + c(j,i)/(λ p_pop(i)))` at the followers i of
   * each row's last item j; differentiable in `γ`); undefined without a prior.
   * @throws RangeError when the model has a prior and `rows` is missing or of the wrong length.
   */
  priorLogits(rows: PriorRows | undefined, count: number): SparseLogits | undefined {
    if (!this.prior) return undefined;
    if (!rows || rows.last.length !== count) {
      throw new RangeError(`the count prior needs the last item of each of the ${count} rows`);
    }
    const repeat = this.config.countPrior?.repeat ?? false;
    if (this.lagPriors.length > 0 || repeat) {
      // Σ_ℓ γ_ℓ · (lag-ℓ follower terms) + ω·[i ∈ history], merged into one entry per (row, item)
      const merged = lagCorrections([this.prior, ...this.lagPriors], rows, repeat);
      let values = tf.mul(this.p('prior.gamma'), tf.tensor1d(merged.values[0]!)) as tf.Tensor1D;
      merged.values.slice(1).forEach((v, l) => {
        values = tf.add(values, tf.mul(tf.slice(this.p('prior.lagGamma'), [l], [1]), tf.tensor1d(v))) as tf.Tensor1D;
      });
      if (merged.inHistory)
        values = tf.add(values, tf.mul(this.p('prior.repeat'), tf.tensor1d(merged.inHistory))) as tf.Tensor1D;
      return { offsets: merged.offsets, items: merged.items, values };
    }
    const { offsets, items, values } = this.prior.corrections(rows);
    return { offsets, items, values: tf.mul(this.p('prior.gamma'), tf.tensor1d(values)) as tf.Tensor1D };
  }

  /**
   * Item logits for hidden rows `[P, d]` → `[P, numItems]` (differentiable):
   * `h·Eᵀ + b (+ γ·log p̂(· | last) up to a per-row constant, with the count prior; `rows` required then)`.
   */
  logits(hidden: tf.Tensor2D, rows?: PriorRows): tf.Tensor2D {
    const z = outputLogits(hidden, this.p('items.embedding') as tf.Tensor2D, this.outputBias());
    const sparse = this.priorLogits(rows, hidden.shape[0]);
    return this.addSparse(z, sparse);
  }

  /** `z + a` for logits `z` `[P, V]` and sparse logits `a` (none: `z`). */
  private addSparse(z: tf.Tensor2D, sparse: SparseLogits | undefined): tf.Tensor2D {
    if (!sparse || sparse.items.length === 0) return z;
    return tf.add(z, denseSparseLogits(sparse, z.shape[0], this.numItems)) as tf.Tensor2D;
  }

  /**
   * Log-probabilities `[P]` of `targets` (one item per hidden row) under the output layer (with the
   * count prior of `rows`' last items when the model has one), with the items of `banned` excluded from
   * each row's softmax (differentiable; one fused op on wasm/cpu, see {@link vocabLogProbs}).
   */
  targetLogProbs(hidden: tf.Tensor2D, targets: Int32Array, banned?: BannedItems, rows?: PriorRows): tf.Tensor1D {
    const sparse = this.priorLogits(rows, hidden.shape[0]);
    return vocabLogProbs(hidden, this.p('items.embedding') as tf.Tensor2D, this.outputBias(), targets, banned, sparse);
  }

  /**
   * The output layer's weights as arrays (copies), for the fused kernels: `E` `[V, d]`, the output bias
   * `[V]` ({@link outputBias}) and, with the count prior, the sparse prior entries of `rows` (a table
   * with values, to be merged with the bans).
   */
  outputWeights(rows?: PriorRows): { embedding: Float32Array; bias: Float32Array; prior?: BannedItems } {
    const embedding = this.p('items.embedding').dataSync() as Float32Array;
    if (!this.prior) return { embedding, bias: this.p('items.bias').dataSync() as Float32Array };
    const biasTensor = tf.tidy(() => this.outputBias());
    const bias = biasTensor.dataSync() as Float32Array;
    biasTensor.dispose();
    const sparse = this.priorLogits(rows, rows?.last.length ?? -1)!;
    const values = sparse.values.dataSync() as Float32Array;
    sparse.values.dispose();
    return { embedding, bias, prior: { offsets: sparse.offsets, items: sparse.items, values } };
  }

  /**
   * The output layer for inference: returns a function computing logits (with the count prior of
   * `rows` when the model has one) with `Eᵀ` transposed once, so repeated decoding steps reuse one
   * weight matrix (and the backend's packed copy of it). Dispose the returned handle when done.
   */
  inferenceHead(): { logits: (hidden: tf.Tensor2D, rows?: PriorRows) => tf.Tensor2D; dispose: () => void } {
    const et = tf.keep(tf.transpose(this.p('items.embedding'))) as tf.Tensor2D;
    const bias = tf.keep(tf.tidy(() => this.outputBias()));
    return {
      logits: (hidden, rows) => {
        const z = tf.add(tf.matMul(hidden, et), bias) as tf.Tensor2D;
        const sparse = this.priorLogits(rows, hidden.shape[0]);
        return this.addSparse(z, sparse);
      },
      dispose: () => {
        et.dispose();
        if (bias !== this.p('items.bias')) bias.dispose();
      },
    };
  }

  /**
   * The product of a dense projection: the pool's GEMM where `usesMatMulKernel()` (the same bits as tfjs-wasm's
   * `matMul`), else the custom-gradient `matMul` when training, else `tf.matMul`.
   */
  private projection(train: boolean): (a: tf.Tensor, w: tf.Tensor) => tf.Tensor2D {
    return (a, w) => {
      if (kernelMatMulApplies(a, w)) return kernelMatMul(a as tf.Tensor2D, w as tf.Tensor2D);
      return (train ? matMul(a as tf.Tensor2D, w) : tf.matMul(a as tf.Tensor2D, w as tf.Tensor2D)) as tf.Tensor2D;
    };
  }

  /** Multi-head attention of block `l` over normalised input `h` `[B·T, d]` with score bias `[B·H, T, T]`. */
  private attention(
    l: number,
    h: tf.Tensor,
    B: number,
    T: number,
    bias: AttentionBias,
    train: boolean,
    select?: (x: tf.Tensor2D) => tf.Tensor2D,
  ): tf.Tensor2D {
    const H = this.config.heads;
    const mm = this.projection(train);
    const proj = (name: string) =>
      tf.add(
        mm(h as tf.Tensor2D, this.p(`block${l}.attn.${name}.w`)),
        this.p(`block${l}.attn.${name}.b`),
      ) as tf.Tensor2D;
    const merged = attention(proj('q'), proj('k'), proj('v'), bias, B, T, H, train);
    return tf.add(
      mm(select ? select(merged) : merged, this.p(`block${l}.attn.out.w`)),
      this.p(`block${l}.attn.out.b`),
    ) as tf.Tensor2D;
  }

  /** Feed-forward branch of block `l` (pre-LN); `train` selects the custom-gradient products. */
  feedForward(l: number, x: tf.Tensor, train = true): tf.Tensor2D {
    const mm = this.projection(train);
    const h = layerNorm(
      x,
      this.p(`block${l}.ln2.gamma`) as tf.Tensor1D,
      this.p(`block${l}.ln2.beta`) as tf.Tensor1D,
    ) as tf.Tensor2D;
    const inner = biasGelu(
      mm(h, this.p(`block${l}.ffn.in.w`)) as tf.Tensor2D,
      this.p(`block${l}.ffn.in.b`) as tf.Tensor1D,
    );
    return tf.add(
      mm(inner as tf.Tensor2D, this.p(`block${l}.ffn.out.w`)),
      this.p(`block${l}.ffn.out.b`),
    ) as tf.Tensor2D;
  }

  /** Inverted dropout with a seed drawn from `rng`; identity without `rng` or with rate 0. */
  dropout<T extends tf.Tensor>(x: T, rng?: Random): T {
    const rate = this.config.dropout;
    if (!rng || rate === 0) return x;
    const keep = tf.step(tf.sub(tf.randomUniform(x.shape, 0, 1, 'float32', rng.nextUint32()), rate));
    return tf.mul(x, tf.mul(keep, 1 / (1 - rate))) as T;
  }

  /**
   * The context encoding of each row: the final hidden state at the last position of a
   * right-aligned history batch, `[B, d]` — what the list head reads. `train` selects the
   * custom-gradient ops (needed to differentiate on wasm); `rng` enables dropout. `lastOnly` (inference only:
   * without `train` and `rng`) runs the last block's output projection, feed-forward branch and final layer norm
   * on the last positions alone — the same bits, ≈ 35% fewer multiply-adds for a 2-block model.
   */
  contextStates(batch: TokenBatch, options: { train: boolean; rng?: Random; lastOnly?: boolean }): tf.Tensor2D {
    const { batch: B, length: T } = batch;
    const last = new Int32Array(B);
    for (let b = 0; b < B; b++) last[b] = b * T + T - 1;
    if (options.lastOnly && !options.train && !options.rng) return this.hiddenRows(batch, undefined, false, last);
    const hidden = this.hidden(batch, options.rng, options.train);
    const idx = tf.tensor1d(last, 'int32');
    return options.train || usesDenseKernels() ? gatherRows(hidden, idx) : (tf.gather(hidden, idx) as tf.Tensor2D);
  }

  /**
   * List-head queries `q_{r,t} = h_r + M · Σ_{j<t} e(y_{r,j})` for rows with context states `h`
   * (`[R, d]`) and lists `[R, K]` → `[R·K, d]`. `M` (`list.interaction`, zero-initialised) lets the
   * policy condition each slot on the items already in the list; at `M = 0` the list is a
   * Plackett–Luce draw without replacement from the next-item distribution.
   */
  listQueries(h: tf.Tensor2D, lists: Int32Array, K: number): tf.Tensor2D {
    const R = h.shape[0];
    const d = this.config.dModel;
    const chosen = gatherRows(this.p('items.embedding') as tf.Tensor2D, tf.tensor1d(lists, 'int32'));
    // exclusive prefix sums over the K slots as a product with a strictly lower-triangular matrix
    // (tfjs' cumsum gradient is wrong for a non-last axis)
    const lower = new Float32Array(K * K);
    for (let t = 0; t < K; t++) for (let j = 0; j < t; j++) lower[t * K + j] = 1;
    const bySlot = tf.reshape(tf.transpose(tf.reshape(chosen, [R, K, d]), [1, 0, 2]), [K, R * d]) as tf.Tensor2D;
    const prefix = matMul(tf.tensor2d(lower, [K, K]), bySlot);
    const before = tf.transpose(tf.reshape(prefix, [K, R, d]), [1, 0, 2]);
    const state = matMul(tf.reshape(before, [R * K, d]) as tf.Tensor2D, this.p('list.interaction'));
    return tf.add(tf.reshape(tf.tile(tf.reshape(h, [R, 1, d]), [1, K, 1]), [R * K, d]), state) as tf.Tensor2D;
  }

  /** `M` (`list.interaction`) `[d, d]` as an array (a copy), for decoding on the host. */
  listInteraction(): Float32Array {
    return this.p('list.interaction').dataSync() as Float32Array;
  }

  /** The list-state update of one decoding step: `M · e(y)` for the items just chosen `[R]` → `[R, d]`. */
  listStateStep(items: Int32Array): tf.Tensor2D {
    const chosen = usesDenseKernels()
      ? lookupRows(this.p('items.embedding') as tf.Tensor2D, items)
      : (tf.gather(this.p('items.embedding'), tf.tensor1d(items, 'int32')) as tf.Tensor2D);
    return tf.matMul(chosen, this.p('list.interaction') as tf.Tensor2D);
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.padRow.dispose();
    this.priorBase?.dispose();
  }
}
