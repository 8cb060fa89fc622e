import type { Csr, DecodeOptions, ListBatch, Policy, SampledLists, SampleOptions } from '@bladerec/core';
import type { Random } from '@bladerec/data';
import { tf } from '../backend/tf.js';
import { MASKED } from '../model/alibi.js';
import type { PriorRows } from '../model/count-prior.js';
import { gatherRows } from '../model/ops/gather-rows.js';
import { mergeRowEntries, selectRowEntries } from '../model/ops/merge-row-entries.js';
import type { Transformer } from '../model/transformer.js';
import { usesFusedKernels, usesFusedLists } from '../kernels/fused-backends.js';
import { sharedVocabKernel } from '../kernels/vocab-kernel.js';
import { HostListState, usesHostListState } from './host-list-state.js';
import { IdenticalRows } from './identical-rows.js';
import { ListBans } from './list-bans.js';
import { drawTokens } from './step-sampler.js';
import { contextTokens } from './token-batches.js';

/** Rows per chunk when scoring lists without gradients (bounds memory). */
const SCORE_CHUNK = 512;

/**
 * The transformer as a {@link Policy}. The history of each context is encoded once; the list is then
 * generated slot by slot from `softmax((h + M·Σ_{j<t} e(y_j)) · Eᵀ + b)` over the items not yet
 * chosen (and, with `excludeHistory`, not in the history), so every list has K distinct catalog
 * items. Sampling computes logits and softmax on the device and draws in JS from a seeded generator;
 * scoring is teacher-forced and differentiable for training; decoding is greedy or beam search.
 */
export class TransformerPolicy implements Policy {
  constructor(readonly model: Transformer) {}

  get numItems(): number {
    return this.model.numItems;
  }

  /** Row → context index for `contexts` contexts with `n` rows each. */
  static repeatRows(contexts: number, n: number): Int32Array {
    const rows = new Int32Array(contexts * n);
    for (let c = 0; c < contexts; c++) rows.fill(c, c * n, (c + 1) * n);
    return rows;
  }

  /** Context states `[B, d]` of histories (no gradient). */
  encode(contexts: Csr): tf.Tensor2D {
    return tf.tidy(() =>
      this.model.contextStates(contextTokens(contexts, this.model.config.context), {
        train: false,
        lastOnly: usesFusedLists(),
      }),
    );
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
    const out = new Int32Array(R * K);
    const tokenLogProbs = new Float32Array(R * K);
    const logProb = new Float64Array(R);
    const record = (t: number, r: number, item: number, lp: number) => {
      out[r * K + t] = item;
      tokenLogProbs[r * K + t] = lp;
      logProb[r]! += lp;
    };
    if (usesFusedKernels() && topP === 1) {
      // fused: logits, mask, softmax and the inverse-CDF draw in one kernel, one uniform per row; rows with the
      // same context, list so far and query share one set of logits (IdenticalRows)
      const { embedding, bias, prior } = this.model.outputWeights(this.priorRows(contexts, rows));
      const bans = new ListBans(contexts, rows, options.excludeHistory ?? false);
      const identical = new IdenticalRows(rows, V);
      const uniforms = new Float32Array(R);
      const d = this.model.config.dModel;
      await this.fusedSlots(contexts, rows, K, embedding, async (t, q) => {
        for (let r = 0; r < R; r++) uniforms[r] = options.random.nextFloat();
        const { first, draws, members } = identical.group(q, d);
        const U = first.length;
        const uq = new Float32Array(U * d);
        for (let u = 0; u < U; u++) uq.set(q.subarray(first[u]! * d, (first[u]! + 1) * d), u * d);
        const banned = bans.csr(first);
        const entries = prior ? mergeRowEntries(U, selectRowEntries(prior, first), banned) : banned;
        const { items: picks, logp } = sharedVocabKernel().draw(
          { P: U, d, V },
          uq,
          embedding,
          bias,
          entries,
          Float32Array.from(members, (r) => uniforms[r]!),
          1 / temperature,
          draws,
        );
        const items = new Int32Array(R);
        for (let j = 0; j < R; j++) {
          const r = members[j]!;
          items[r] = picks[j]!;
          record(t, r, picks[j]!, logp[j]!);
          bans.add(r, picks[j]!);
        }
        identical.advance(items);
        return items;
      });
      return { lists: { size: R, width: K, items: out }, logProb, tokenLogProbs };
    }
    const mask = this.initialMask(contexts, rows, options.excludeHistory ?? false);
    const draw = new Int32Array(R);
    await this.slots(contexts, rows, K, async (t, _query, slotLogits) => {
      const logits = slotLogits();
      const [probs, probs1] = tf.tidy(() => {
        const m = tf.tensor2d(mask, [R, V]);
        const p = tf.softmax(tf.add(temperature === 1 ? logits : tf.div(logits, temperature), m));
        return [p, temperature === 1 ? p : tf.softmax(tf.add(logits, m))];
      });
      const p = (await probs.data()) as Float32Array;
      drawTokens(p, R, V, options.random, topP, draw);
      const p1 = probs1 === probs ? p : ((await probs1.data()) as Float32Array);
      tf.dispose([probs, probs1]);
      for (let r = 0; r < R; r++) {
        const item = draw[r]!;
        record(t, r, item, Math.log(p1[r * V + item]!));
        mask[r * V + item] = MASKED;
      }
      return draw;
    });
    return { lists: { size: R, width: K, items: out }, logProb, tokenLogProbs };
  }

  async logProb(
    contexts: Csr,
    lists: ListBatch,
    options: { excludeHistory?: boolean; rows?: ArrayLike<number> } = {},
  ): Promise<Float64Array> {
    const rows = options.rows ?? Int32Array.from({ length: lists.size }, (_, i) => i);
    const out = new Float64Array(lists.size);
    for (let start = 0; start < lists.size; start += SCORE_CHUNK) {
      const end = Math.min(lists.size, start + SCORE_CHUNK);
      const chunk: ListBatch = {
        size: end - start,
        width: lists.width,
        items: lists.items.subarray(start * lists.width, end * lists.width),
      };
      const lp = tf.tidy(
        () =>
          this.listLogProbs(
            contexts,
            chunk,
            Array.prototype.slice.call(rows, start, end),
            options.excludeHistory ?? false,
          ).total,
      );
      out.set(await lp.data(), start);
      lp.dispose();
    }
    return out;
  }

  /** Per-token log-probabilities `[R × K]` of given lists, without gradients (e.g. under a frozen reference). */
  async tokenLogProbs(
    contexts: Csr,
    lists: ListBatch,
    rows: ArrayLike<number>,
    excludeHistory: boolean,
  ): Promise<Float32Array> {
    const K = lists.width;
    const out = new Float32Array(lists.size * K);
    for (let start = 0; start < lists.size; start += SCORE_CHUNK) {
      const end = Math.min(lists.size, start + SCORE_CHUNK);
      const chunk: ListBatch = { size: end - start, width: K, items: lists.items.subarray(start * K, end * K) };
      const lp = tf.tidy(
        () => this.listLogProbs(contexts, chunk, Array.prototype.slice.call(rows, start, end), excludeHistory).tokens,
      );
      out.set((await lp.data()) as Float32Array, start * K);
      lp.dispose();
    }
    return out;
  }

  /**
   * Differentiable log-probabilities of given lists (call inside a gradient scope):
   * `total[r] = Σ_t log π(y_rt | context(r), y_r<t)` and the per-token terms `[R, K]`. Each distinct
   * context in `rows` is encoded once, however many lists share it.
   * @param rows `rows[r]` = index of the context of list r in `contexts`.
   * @throws RangeError for lists with padding or unknown items.
   */
  listLogProbs(
    contexts: Csr,
    lists: ListBatch,
    rows: ArrayLike<number>,
    excludeHistory: boolean,
    rng?: Random,
  ): { total: tf.Tensor1D; tokens: tf.Tensor2D } {
    const K = lists.width;
    const R = lists.size;
    for (let i = 0; i < R * K; i++)
      if (lists.items[i]! < 0)
        throw new RangeError(
          `list ${Math.floor(i / K)} has no catalog item at position ${i % K}; only full lists of catalog items can be scored`,
        );
    // encode each distinct context once
    const used = [...new Set(Array.from(rows))].sort((a, b) => a - b);
    const slot = new Map(used.map((c, i) => [c, i]));
    const sub = subsetCsr(contexts, used);
    const states = this.model.contextStates(contextTokens(sub, this.model.config.context), { train: true, rng });
    const h = gatherRows(
      states,
      tf.tensor1d(
        Array.from(rows, (c) => slot.get(c)!),
        'int32',
      ),
    );
    const items = lists.items.subarray(0, R * K);
    // row r·K + t may not choose the items before slot t (nor, with excludeHistory, the history)
    const offsets = new Int32Array(R * K + 1);
    const banned: number[] = [];
    for (let r = 0; r < R; r++) {
      const c = rows[r]!;
      const history = excludeHistory ? contexts.values.subarray(contexts.offsets[c]!, contexts.offsets[c + 1]!) : [];
      for (let t = 0; t < K; t++) {
        for (const item of history) banned.push(item);
        for (let s = 0; s < t; s++) banned.push(lists.items[r * K + s]!);
        offsets[r * K + t + 1] = banned.length;
      }
    }
    const L = this.model.priorLags;
    const last = this.priorRows(contexts, rows);
    // each list slot conditions on its row's history
    const perSlot = (a: Int32Array, width: number) => {
      const out = new Int32Array(R * K * width);
      for (let i = 0; i < R * K; i++)
        out.set(a.subarray(Math.floor(i / K) * width, (Math.floor(i / K) + 1) * width), i * width);
      return out;
    };
    const history =
      last.history &&
      subsetCsr(
        { offsets: last.history.offsets, values: last.history.items },
        Array.from({ length: R * K }, (_, i) => Math.floor(i / K)),
      );
    const prior: PriorRows = {
      last: perSlot(last.last, 1),
      ...(last.earlier ? { earlier: perSlot(last.earlier, L - 1) } : {}),
      ...(history ? { history: { offsets: history.offsets, items: history.values } } : {}),
    };
    const tokenLp = this.model.targetLogProbs(
      this.model.listQueries(h, items, K),
      Int32Array.from(items),
      { offsets, items: Int32Array.from(banned) },
      prior,
    );
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
      const out = new Int32Array(B * K);
      if (usesFusedKernels()) {
        // fused: logits, mask and the first argmax in one kernel
        const { embedding, bias, prior } = this.model.outputWeights(this.priorRows(contexts, rows));
        const bans = new ListBans(contexts, rows, exclude);
        await this.fusedSlots(contexts, rows, K, embedding, async (t, q) => {
          const entries = prior ? mergeRowEntries(B, prior, bans.csr()) : bans.csr();
          const shape = { P: B, d: this.model.config.dModel, V };
          const { items } = sharedVocabKernel().draw(shape, q, embedding, bias, entries);
          for (let b = 0; b < B; b++) {
            out[b * K + t] = items[b]!;
            bans.add(b, items[b]!);
          }
          return items;
        });
        return { size: B, width: K, items: out };
      }
      const mask = this.initialMask(contexts, rows, exclude);
      const pick = new Int32Array(B);
      await this.slots(contexts, rows, K, async (t, _query, logits) => {
        const best = tf.tidy(() => tf.argMax(tf.add(logits(), tf.tensor2d(mask, [B, V])), 1));
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
        for (let j = contexts.offsets[c]!; j < contexts.offsets[c + 1]!; j++)
          mask[r * V + contexts.values[j]!] = MASKED;
      }
    }
    return mask;
  }

  /**
   * The slots of the fused decoding paths: `step(t, q)` gets the list-head queries `[R, d]` of every row as an
   * array and returns the chosen item of each row. With {@link usesHostListState} the queries stay on the host
   * between slots ({@link HostListState}: one download of the context states, no tensor per slot); otherwise
   * {@link slots} updates them with tfjs ops and downloads them at every slot. Both give the same bits.
   */
  private async fusedSlots(
    contexts: Csr,
    rows: Int32Array,
    K: number,
    embedding: Float32Array,
    step: (t: number, q: Float32Array) => Promise<Int32Array>,
  ): Promise<void> {
    const d = this.model.config.dModel;
    if (!usesHostListState(d)) {
      await this.slots(contexts, rows, K, async (t, query) => step(t, (await query.data()) as Float32Array));
      return;
    }
    const encoded = this.encode(contexts);
    const states = (await encoded.data()) as Float32Array;
    encoded.dispose();
    const state = new HostListState(states, rows, d, embedding, this.model.listInteraction());
    for (let t = 0; t < K; t++) {
      const chosen = await step(t, state.q);
      if (t < K - 1) state.advance(chosen);
    }
  }

  /**
   * Encodes each context once, then calls `step(t, query, logits)` for the K slots with the list-head
   * queries `[R, d]` of every row and a function computing (once) their unmasked logits `[R, V]`;
   * `step` returns the chosen item of each row, which updates the list state. `reorder` (beam search)
   * may permute rows between slots.
   */
  private async slots(
    contexts: Csr,
    rows: Int32Array,
    K: number,
    step: (t: number, query: tf.Tensor2D, logits: () => tf.Tensor2D) => Promise<Int32Array>,
    reorder?: () => Int32Array | undefined,
  ): Promise<void> {
    let head: ReturnType<Transformer['inferenceHead']> | undefined;
    // rows keep their context across slots (beam search reorders within a context's beams)
    const prior = this.priorRows(contexts, rows);
    const states = this.encode(contexts);
    let query = tf.tidy(() => tf.gather(states, tf.tensor1d(rows, 'int32')) as tf.Tensor2D);
    states.dispose();
    try {
      for (let t = 0; t < K; t++) {
        let logits: tf.Tensor2D | undefined;
        const q = query;
        const slotLogits = () => (logits ??= tf.tidy(() => (head ??= this.model.inferenceHead()).logits(q, prior)));
        let chosen: Int32Array;
        try {
          chosen = await step(t, query, slotLogits);
        } finally {
          logits?.dispose();
        }
        if (t === K - 1) break;
        const order = reorder?.();
        const next = tf.tidy(() => {
          const q = order ? tf.gather(query, tf.tensor1d(order, 'int32')) : query;
          return tf.add(q, this.model.listStateStep(chosen)) as tf.Tensor2D;
        });
        query.dispose();
        query = next;
      }
    } finally {
      query.dispose();
      head?.dispose();
    }
  }

  private async beamSearch(contexts: Csr, B: number, W: number, K: number, exclude: boolean): Promise<ListBatch> {
    const V = this.numItems;
    const R = B * W;
    const rows = TransformerPolicy.repeatRows(B, W);
    let tokens: number[][] = Array.from({ length: R }, () => []);
    let scores = new Float64Array(R);
    let order: Int32Array | undefined;
    const history = (c: number) =>
      exclude ? contexts.values.subarray(contexts.offsets[c]!, contexts.offsets[c + 1]!) : new Int32Array();
    await this.slots(
      contexts,
      rows,
      K,
      async (t, _query, slotLogits) => {
        const logits = slotLogits();
        const mask = new Float32Array(R * V);
        for (let r = 0; r < R; r++) {
          for (const item of tokens[r]!) mask[r * V + item] = MASKED;
          for (const item of history(rows[r]!)) mask[r * V + item] = MASKED;
        }
        const logp = tf.tidy(() =>
          tf.add(
            tf.log(tf.softmax(tf.add(logits, tf.tensor2d(mask, [R, V])))),
            tf.tensor2d(Float32Array.from(scores), [R, 1]),
          ),
        );
        const all = (await logp.data()) as Float32Array;
        logp.dispose();
        const nextTokens: number[][] = [];
        const nextScores = new Float64Array(R);
        order = new Int32Array(R);
        const chosen = new Int32Array(R);
        for (let b = 0; b < B; b++) {
          // at t = 0 every beam of a context is identical: expand only the first
          const candidates = topCandidates(all, b * W, t === 0 ? 1 : W, V, W, mask);
          // fewer candidates than beams (tiny catalogs, first slot): fill with dead copies of the best
          while (candidates.length < W) candidates.push([-Infinity, candidates[0]![1], candidates[0]![2]]);
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

  /** What the model's count prior conditions on for each of `rows` (see {@link lastItems}). */
  private priorRows(contexts: Csr, rows: ArrayLike<number>): PriorRows {
    return lastItems(contexts, rows, this.model.priorLags, this.model.config.countPrior?.repeat ?? false);
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * The last history item of each row's context (−1 for an empty history): what a count prior conditions
 * on; with `lags` L > 1 also the items 2 … L places from the end ({@link PriorRows.earlier}), with
 * `repeat` the whole context ({@link PriorRows.history}).
 */
function lastItems(contexts: Csr, rows: ArrayLike<number>, lags = 1, repeat = false): PriorRows {
  const last = new Int32Array(rows.length);
  const earlier = lags > 1 ? new Int32Array(rows.length * (lags - 1)).fill(-1) : undefined;
  for (let r = 0; r < rows.length; r++) {
    const c = rows[r]!;
    const start = contexts.offsets[c]!;
    const end = contexts.offsets[c + 1]!;
    last[r] = end > start ? contexts.values[end - 1]! : -1;
    for (let l = 2; earlier && l <= lags && end - l >= start; l++)
      earlier[r * (lags - 1) + l - 2] = contexts.values[end - l]!;
  }
  const history = repeat ? subsetCsr(contexts, Array.from(rows)) : undefined;
  return {
    last,
    ...(earlier ? { earlier } : {}),
    ...(history ? { history: { offsets: history.offsets, items: history.values } } : {}),
  };
}

/** The rows `used` of a CSR, in that order. */
function subsetCsr(csr: Csr, used: readonly number[]): Csr {
  const offsets = new Int32Array(used.length + 1);
  used.forEach((c, i) => (offsets[i + 1] = offsets[i]! + (csr.offsets[c + 1]! - csr.offsets[c]!)));
  const values = new Int32Array(offsets[used.length]!);
  used.forEach((c, i) => values.set(csr.values.subarray(csr.offsets[c]!, csr.offsets[c + 1]!), offsets[i]!));
  return { offsets, values };
}

/**
 * The `W` best `(score, beam, item)` among `beams` beams starting at row `first` (scores already
 * include each beam's running log-probability), skipping masked items. Ties go to the lower beam,
 * then the lower item id, so decoding is deterministic.
 */
function topCandidates(
  scores: Float32Array,
  first: number,
  beams: number,
  V: number,
  W: number,
  mask: Float32Array,
): [number, number, number][] {
  const best: [number, number, number][] = [];
  for (let w = 0; w < beams; w++) {
    const row = first + w;
    for (let i = 0; i < V; i++) {
      if (mask[row * V + i] !== 0) continue;
      const s = scores[row * V + i]!;
      if (s === -Infinity) continue;
      if (best.length < W || s > best[best.length - 1]![0]) {
        best.push([s, w, i]);
        best.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
        if (best.length > W) best.pop();
      }
    }
  }
  return best;
}
