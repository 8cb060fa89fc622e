import type { Csr, DecodeOptions, ListBatch, Policy, SampledLists, SampleOptions } from '@bladerec/core';
import type { Random } from '@bladerec/data';
import { tf } from '../backend/tf.js';
import { MASKED } from '../model/alibi.js';
import { gatherRows } from '../model/ops/gather-rows.js';
import { selectedLogProbs } from '../model/ops/selected-log-probs.js';
import { type LayerCache, PAD_TOKEN, type Transformer } from '../model/transformer.js';
import { drawTokens } from './step-sampler.js';
import { contextTokens, listTokens } from './token-batches.js';

/** Rows per teacher-forced chunk when scoring lists without gradients (bounds memory). */
const SCORE_CHUNK = 256;

/**
 * The transformer as a {@link Policy}: batched list sampling with a key/value cache (logits and
 * softmax on the device, the draw in JS from a seeded generator), teacher-forced list scoring
 * (differentiable for training), and greedy/beam decoding. Every generated list has K distinct
 * catalog items: items already in the list — and, with `excludeHistory`, the user's history —
 * are masked out of every step's softmax, in sampling and in scoring alike.
 */
export class TransformerPolicy implements Policy {
  constructor(readonly model: Transformer) {}

  get numItems(): number {
    return this.model.numItems;
  }

  private get context(): number {
    return this.model.config.context;
  }

  /** Row → context index for `contexts` contexts with `n` rows each. */
  static repeatRows(contexts: number, n: number): Int32Array {
    const rows = new Int32Array(contexts * n);
    for (let c = 0; c < contexts; c++) rows.fill(c, c * n, (c + 1) * n);
    return rows;
  }

  async sample(contexts: Csr, options: SampleOptions): Promise<SampledLists> {
    const B = contexts.offsets.length - 1;
    const { n: N, length: K } = options;
    const temperature = options.temperature ?? 1;
    const topP = options.topP ?? 1;
    if (!(temperature > 0)) throw new RangeError('temperature must be > 0');
    if (!(topP > 0 && topP <= 1)) throw new RangeError('topP must be in (0, 1]');
    const V = this.numItems;
    const R = B * N;
    const rows = TransformerPolicy.repeatRows(B, N);
    const mask = this.initialMask(contexts, rows, options.excludeHistory ?? false);
    const out = new Int32Array(R * K);
    const tokenLogProbs = new Float32Array(R * K);
    const logProb = new Float64Array(R);
    const draw = new Int32Array(R);
    await this.decodeLoop(contexts, rows, K, async (t, hidden) => {
      const [probs, probs1] = tf.tidy(() => {
        const logits = this.model.logits(hidden);
        const m = tf.tensor2d(mask, [R, V]);
        const p = tf.softmax(tf.add(temperature === 1 ? logits : tf.div(logits, temperature), m));
        return [p, temperature === 1 ? p : tf.softmax(tf.add(logits, m))];
      });
      const p = (await probs.data()) as Float32Array;
      drawTokens(p, R, V, options.random, topP, draw);
      const p1 = probs1 === probs ? p : ((await probs1.data()) as Float32Array);
      probs.dispose();
      if (probs1 !== probs) probs1.dispose();
      for (let r = 0; r < R; r++) {
        const item = draw[r]!;
        out[r * K + t] = item;
        const lp = Math.log(p1[r * V + item]!);
        tokenLogProbs[r * K + t] = lp;
        logProb[r]! += lp;
        mask[r * V + item] = MASKED;
      }
      return draw;
    });
    return { lists: { size: R, width: K, items: out }, logProb, tokenLogProbs };
  }

  async logProb(contexts: Csr, lists: ListBatch, options: { excludeHistory?: boolean; rows?: ArrayLike<number> } = {}): Promise<Float64Array> {
    const rows = options.rows ?? Int32Array.from({ length: lists.size }, (_, i) => i);
    const out = new Float64Array(lists.size);
    for (let start = 0; start < lists.size; start += SCORE_CHUNK) {
      const end = Math.min(lists.size, start + SCORE_CHUNK);
      const chunk: ListBatch = { size: end - start, width: lists.width, items: lists.items.subarray(start * lists.width, end * lists.width) };
      const lp = tf.tidy(() => this.listLogProbs(contexts, chunk, Array.prototype.slice.call(rows, start, end), options.excludeHistory ?? false).total);
      out.set(await lp.data(), start);
      lp.dispose();
    }
    return out;
  }

  /**
   * Differentiable log-probabilities of given lists (call inside a gradient scope):
   * `total[r] = Σ_t log π(y_rt | context(r), y_r<t)` and the per-token terms `[R, K]`.
   * @param rows `rows[r]` = index of the context of list r in `contexts`.
   */
  listLogProbs(contexts: Csr, lists: ListBatch, rows: ArrayLike<number>, excludeHistory: boolean, rng?: Random): { total: tf.Tensor1D; tokens: tf.Tensor2D } {
    const K = lists.width;
    const C = this.context;
    const R = lists.size;
    const V = this.numItems;
    const batch = listTokens(contexts, C, lists, rows);
    const T = batch.length;
    const hidden = this.model.hidden(batch, rng);
    const positions = new Int32Array(R * K);
    for (let r = 0; r < R; r++) for (let t = 0; t < K; t++) positions[r * K + t] = r * T + C - 1 + t;
    const h = gatherRows(hidden, tf.tensor1d(positions, 'int32'));
    const logits = this.model.logits(h);
    const banned: number[] = [];
    for (let r = 0; r < R; r++) {
      const history = excludeHistory ? contexts.values.subarray(contexts.offsets[rows[r]!]!, contexts.offsets[rows[r]! + 1]!) : [];
      for (let t = 0; t < K; t++) {
        const row = r * K + t;
        for (const item of history) banned.push(row, item);
        for (let s = 0; s < t; s++) banned.push(row, lists.items[r * K + s]!);
      }
    }
    const mask = banned.length === 0 ? undefined : (tf.scatterND(tf.tensor2d(banned, [banned.length / 2, 2], 'int32'), tf.fill([banned.length / 2], MASKED), [R * K, V]) as tf.Tensor2D);
    const tokenLp = selectedLogProbs(logits, tf.tensor1d(lists.items.subarray(0, R * K), 'int32'), mask);
    const tokens = tf.reshape(tokenLp, [R, K]) as tf.Tensor2D;
    return { total: tf.sum(tokens, 1) as tf.Tensor1D, tokens };
  }

  async decode(contexts: Csr, options: DecodeOptions): Promise<ListBatch> {
    const B = contexts.offsets.length - 1;
    const W = Math.max(1, options.beamWidth ?? 1);
    const K = options.length;
    const V = this.numItems;
    const exclude = options.excludeHistory ?? false;
    if (W === 1) {
      const rows = TransformerPolicy.repeatRows(B, 1);
      const mask = this.initialMask(contexts, rows, exclude);
      const out = new Int32Array(B * K);
      const pick = new Int32Array(B);
      await this.decodeLoop(contexts, rows, K, async (t, hidden) => {
        const best = tf.tidy(() => tf.argMax(tf.add(this.model.logits(hidden), tf.tensor2d(mask, [B, V])), 1));
        pick.set((await best.data()) as Int32Array);
        best.dispose();
        for (let b = 0; b < B; b++) {
          out[b * K + t] = pick[b]!;
          mask[b * V + pick[b]!] = MASKED;
        }
        return pick;
      });
      return { size: B, width: K, items: out };
    }
    return this.beamSearch(contexts, B, W, K, exclude);
  }

  /** Additive mask `[R × V]`: 0, or {@link MASKED} for history items when excluded. */
  private initialMask(contexts: Csr, rows: ArrayLike<number>, excludeHistory: boolean): Float32Array {
    const V = this.numItems;
    const mask = new Float32Array(rows.length * V);
    if (excludeHistory) {
      for (let r = 0; r < rows.length; r++) {
        const c = rows[r]!;
        for (let j = contexts.offsets[c]!; j < contexts.offsets[c + 1]!; j++) mask[r * V + contexts.values[j]!] = MASKED;
      }
    }
    return mask;
  }

  /**
   * Prefills the context of each distinct history once, expands the caches to `rows`, then calls
   * `step(t, hidden)` for t = 0 … K−1 with the hidden state that predicts item t; `step` returns the
   * chosen tokens, which are fed back. Tensors are disposed as the loop advances.
   */
  private async decodeLoop(contexts: Csr, rows: Int32Array, K: number, step: (t: number, hidden: tf.Tensor2D) => Promise<Int32Array>, reorder?: () => Int32Array | undefined): Promise<void> {
    const B = contexts.offsets.length - 1;
    const R = rows.length;
    const C = this.context;
    const H = this.model.config.heads;
    const base = contextTokens(contexts, C);
    let caches: LayerCache[] = [];
    let hidden: tf.Tensor2D;
    {
      const { caches: c, last } = tf.tidy(() => {
        const pre = this.model.prefill(base);
        const headRows = expandHeads(rows, H);
        const idx = tf.tensor1d(headRows, 'int32');
        return { caches: pre.caches.map((l) => ({ k: tf.gather(l.k, idx), v: tf.gather(l.v, idx) })), last: tf.gather(pre.last, tf.tensor1d(rows, 'int32')) };
      });
      caches = c;
      hidden = last;
    }
    const keyValid: Uint8Array[] = [];
    for (let r = 0; r < R; r++) {
      const v = new Uint8Array(C + K);
      for (let j = 0; j < C; j++) v[j] = base.tokens[rows[r]! * C + j] === PAD_TOKEN ? 0 : 1;
      v.fill(1, C);
      keyValid.push(v);
    }
    void B;
    try {
      for (let t = 0; t < K; t++) {
        const chosen = await step(t, hidden);
        hidden.dispose();
        if (t === K - 1) break;
        const order = reorder?.();
        if (order) {
          const idx = expandHeads(order, H);
          const next = tf.tidy(() => caches.map((l) => ({ k: tf.gather(l.k, idx), v: tf.gather(l.v, idx) })));
          for (const l of caches) tf.dispose([l.k, l.v]);
          caches = next;
        }
        const position = C + t;
        const valid = new Uint8Array(R * (position + 1));
        for (let r = 0; r < R; r++) valid.set(keyValid[r]!.subarray(0, position + 1), r * (position + 1));
        const working = caches.map((l) => ({ ...l }));
        hidden = tf.tidy(() => {
          const h = this.model.decodeStep(chosen, working, position, valid);
          for (const l of working) {
            tf.keep(l.k);
            tf.keep(l.v);
          }
          return h;
        });
        for (const l of caches) tf.dispose([l.k, l.v]);
        caches = working;
      }
    } finally {
      for (const l of caches) tf.dispose([l.k, l.v]);
    }
  }

  private async beamSearch(contexts: Csr, B: number, W: number, K: number, exclude: boolean): Promise<ListBatch> {
    const V = this.numItems;
    const R = B * W;
    const rows = TransformerPolicy.repeatRows(B, W);
    let tokens: number[][] = Array.from({ length: R }, () => []);
    let scores = new Float64Array(R);
    let order: Int32Array | undefined;
    const history = (c: number) => (exclude ? contexts.values.subarray(contexts.offsets[c]!, contexts.offsets[c + 1]!) : new Int32Array());
    await this.decodeLoop(
      contexts,
      rows,
      K,
      async (t, hidden) => {
        const mask = new Float32Array(R * V);
        for (let r = 0; r < R; r++) {
          for (const item of tokens[r]!) mask[r * V + item] = MASKED;
          for (const item of history(rows[r]!)) mask[r * V + item] = MASKED;
        }
        const logp = tf.tidy(() => {
          const lp = tf.log(tf.softmax(tf.add(this.model.logits(hidden), tf.tensor2d(mask, [R, V]))));
          return tf.add(lp, tf.tensor2d(Float32Array.from(scores), [R, 1]));
        });
        const all = (await logp.data()) as Float32Array;
        logp.dispose();
        const nextTokens: number[][] = [];
        const nextScores = new Float64Array(R);
        order = new Int32Array(R);
        const chosen = new Int32Array(R);
        for (let b = 0; b < B; b++) {
          // at t = 0 every beam of a context is identical: expand only the first
          const beams = t === 0 ? 1 : W;
          const candidates = topCandidates(all, b * W, beams, V, W, mask);
          candidates.forEach(([score, beam, item], w) => {
            const r = b * W + w;
            const source = b * W + beam;
            order![r] = source;
            nextTokens[r] = [...tokens[source]!, item];
            nextScores[r] = score;
            chosen[r] = item;
          });
        }
        tokens = nextTokens;
        scores = nextScores;
        return chosen;
      },
      () => order,
    );
    const out = new Int32Array(B * K);
    for (let b = 0; b < B; b++) out.set(tokens[b * W]!, b * K);
    return { size: B, width: K, items: out };
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Row indices `rows` expanded to the `H` head rows of each: `r → r·H + h`. */
function expandHeads(rows: ArrayLike<number>, H: number): Int32Array {
  const out = new Int32Array(rows.length * H);
  for (let r = 0; r < rows.length; r++) for (let h = 0; h < H; h++) out[r * H + h] = rows[r]! * H + h;
  return out;
}

/**
 * The `W` best `(score, beam, item)` among `beams` beams starting at row `first` (scores already
 * include each beam's running log-probability), skipping masked items. Ties go to the lower beam,
 * then the lower item id, so decoding is deterministic.
 */
function topCandidates(scores: Float32Array, first: number, beams: number, V: number, W: number, mask: Float32Array): [number, number, number][] {
  const best: [number, number, number][] = [];
  for (let w = 0; w < beams; w++) {
    const row = first + w;
    for (let i = 0; i < V; i++) {
      if (mask[row * V + i] !== 0) continue;
      const s = scores[row * V + i]!;
      if (best.length < W || s > best[best.length - 1]![0]) {
        best.push([s, w, i]);
        best.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
        if (best.length > W) best.pop();
      }
    }
  }
  return best;
}
