import { KernelPool, PAGE, defaultKernelThreads, type PoolModule } from './kernel-pool.js';
import { relaxedSimdSupported } from './simd-features.js';
import { CHUNK, FORWARD_ROWS, vocabKernelModule } from './vocab-kernel-module.js';
import { MAX_PAGES } from './kernel-pool.js';

/**
 * Items banned per row, as CSR: row r may not choose `items[offsets[r] … offsets[r+1]]` (its
 * logits count as −∞). `offsets` has `rows + 1` entries.
 */
export interface BannedItems {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
}

/** The shapes of one vocabulary op: `P` rows of width `d`, `V` items. */
export interface VocabShape {
  readonly P: number;
  readonly d: number;
  readonly V: number;
}

/** The forward pass's results: target log-probabilities and the per-row softmax statistics. */
export interface VocabForward {
  readonly logp: Float32Array;
  /** Each row's largest logit. */
  readonly max: Float32Array;
  /** `Σ_v exp(z_v − max)` of each row (≥ 1). */
  readonly sum: Float32Array;
}

const round = (x: number, m: number) => Math.ceil(x / m) * m;
const ALIGN = 64;

/** Byte offsets of the buffers of one call in the pool's memory. */
interface Layout {
  readonly P4: number;
  readonly D: number;
  readonly Vp: number;
  readonly h: number;
  readonly e: number;
  readonly panels: number;
  readonly bias: number;
  readonly targets: number;
  readonly banOff: number;
  readonly banItems: number;
  readonly max: number;
  readonly sum: number;
  readonly zt: number;
  readonly dy: number;
  readonly dE: number;
  readonly db: number;
  readonly dh: number;
  readonly scratch: number;
  readonly scratchBytes: number;
  readonly end: number;
}

function layout(shape: VocabShape, bannedCount: number, threads: number): Layout {
  const P4 = round(Math.max(shape.P, 1), 4);
  const D = round(shape.d, 8);
  const Vp = round(shape.V, 8);
  let at = 0;
  const take = (bytes: number) => {
    const start = at;
    at = round(at + bytes, ALIGN);
    return start;
  };
  const h = take(P4 * D * 4);
  const e = take(Vp * D * 4);
  const panels = take(Vp * D * 4);
  const bias = take(Vp * 4);
  const targets = take(P4 * 4);
  const banOff = take((P4 + 1) * 4);
  const banItems = take(Math.max(1, bannedCount) * 4);
  const max = take(P4 * 4);
  const sum = take(P4 * 4);
  const zt = take(P4 * 4);
  const dy = take(P4 * 4);
  const dE = take(Vp * D * 4);
  const db = take(Vp * 4);
  const dh = take(threads * P4 * D * 4);
  const scratchBytes = round(Math.max(FORWARD_ROWS * Vp, P4 * CHUNK) * 4, ALIGN);
  const scratch = take(threads * scratchBytes);
  return { P4, D, Vp, h, e, panels, bias, targets, banOff, banItems, max, sum, zt, dy, dE, db, dh, scratch, scratchBytes, end: at };
}

/** Even split of `count` units into `parts` contiguous ranges `[start, end)` (units of `unit`). */
function split(count: number, parts: number, unit: number): [number, number][] {
  const units = Math.ceil(count / unit);
  const out: [number, number][] = [];
  for (let t = 0; t < parts; t++) {
    const a = Math.floor((units * t) / parts) * unit;
    const b = Math.min(count, Math.floor((units * (t + 1)) / parts) * unit);
    out.push([a, Math.max(a, b)]);
  }
  return out;
}

/**
 * The fused vocabulary kernels on a {@link KernelPool}: for hidden rows `h` `[P, d]`, item
 * embeddings `E` `[V, d]` and bias `b` `[V]`,
 *
 *   z = h·Eᵀ + b (banned entries −∞),  lse_r = log Σ_v exp z_rv,  logp_r = z_{r,t_r} − lse_r,
 *
 * and for an upstream gradient `dy` `[P]` on `logp`, with `G = dy ⊙ (onehot(t) − softmax(z))`:
 * `dh = G·E`, `dE = Gᵀ·h`, `db = Σ_rows G`. The `[P, V]` logits are never materialised: the forward
 * pass keeps {@link FORWARD_ROWS} rows of them per thread, the backward pass recomputes them in
 * chunks of {@link CHUNK} items (one extra `P×d×V` product instead of a `P×V` buffer kept between
 * the passes). Forward splits rows over the threads, backward splits items; the partial `dh` of the
 * threads are summed in thread order, so results are bit-for-bit reproducible for a thread count.
 */
export class VocabKernel {
  private readonly modules = new Map<number, PoolModule>();

  constructor(readonly pool: KernelPool, readonly relaxed = relaxedSimdSupported()) {}

  private module(D: number): PoolModule {
    let m = this.modules.get(D);
    if (!m) {
      const names = ['logits', 'banned', 'rowStats', 'gradTransform', 'gradE', 'gradH', 'forward', 'backward'];
      m = this.pool.load(vocabKernelModule(D, this.relaxed, 1, MAX_PAGES), names);
      this.modules.set(D, m);
    }
    return m;
  }

  /** Copies the operands into the pool's memory; returns the layout and a float view. */
  private upload(shape: VocabShape, h: Float32Array, E: Float32Array, bias: Float32Array, targets: Int32Array, banned?: BannedItems) {
    const { P, d, V } = shape;
    if (h.length !== P * d || E.length !== V * d || bias.length !== V || targets.length !== P) throw new RangeError('vocab kernel: operand sizes do not match the shape');
    const bannedCount = banned ? banned.items.length : 0;
    const L = layout(shape, bannedCount, this.pool.threads);
    this.pool.reserve(L.end + PAGE);
    const buffer = this.pool.memory.buffer;
    const f32 = new Float32Array(buffer);
    const i32 = new Int32Array(buffer);
    const { P4, D, Vp } = L;
    // h, zero-padded to [P4, D]
    f32.fill(0, L.h / 4, (L.h + P4 * D * 4) / 4);
    if (D === d) f32.set(h, L.h / 4);
    else for (let r = 0; r < P; r++) f32.set(h.subarray(r * d, (r + 1) * d), L.h / 4 + r * D);
    // E row-major [Vp, D] and in panels of 8 items
    f32.fill(0, L.e / 4, (L.e + Vp * D * 4) / 4);
    if (D === d) f32.set(E, L.e / 4);
    else for (let v = 0; v < V; v++) f32.set(E.subarray(v * d, (v + 1) * d), L.e / 4 + v * D);
    const src = L.e / 4;
    const dst = L.panels / 4;
    for (let j = 0; j < Vp / 8; j++) {
      for (let k = 0; k < D; k++) {
        const o = dst + (j * D + k) * 8;
        const s = src + j * 8 * D + k;
        for (let l = 0; l < 8; l++) f32[o + l] = f32[s + l * D]!;
      }
    }
    f32.set(bias, L.bias / 4);
    f32.fill(-Infinity, L.bias / 4 + V, L.bias / 4 + Vp);
    i32.set(targets, L.targets / 4);
    i32.fill(0, L.targets / 4 + P, L.targets / 4 + P4);
    for (let t = 0; t < P; t++) if (!(targets[t]! >= 0 && targets[t]! < V)) throw new RangeError(`vocab kernel: target ${targets[t]} of row ${t} is not an item index < ${V}`);
    if (banned) {
      if (banned.offsets.length !== P + 1) throw new RangeError(`vocab kernel: banned offsets need ${P + 1} entries`);
      i32.set(banned.offsets, L.banOff / 4);
      i32.set(banned.items, L.banItems / 4);
      for (const item of banned.items) if (!(item >= 0 && item < V)) throw new RangeError(`vocab kernel: banned item ${item} is not an item index < ${V}`);
    } else {
      i32.fill(0, L.banOff / 4, L.banOff / 4 + P + 1);
    }
    i32.fill(i32[L.banOff / 4 + P]!, L.banOff / 4 + P + 1, L.banOff / 4 + P4 + 1);
    return { L, f32, i32 };
  }

  /**
   * Forward pass: `logp` `[P]` (log-probability of each row's target) and, for the backward pass,
   * each row's `max` logit and `sum = Σ exp(z − max)` (so `lse = max + log sum`).
   * @throws RangeError when a row has every item banned.
   */
  forward(shape: VocabShape, h: Float32Array, E: Float32Array, bias: Float32Array, targets: Int32Array, banned?: BannedItems): VocabForward {
    const { L, f32 } = this.upload(shape, h, E, bias, targets, banned);
    const m = this.module(L.D);
    const ranges = split(L.P4, this.pool.threads, 4);
    this.pool.run(m, 'forward', ranges.map(([a, b], t) => (a < b
      ? [L.h, L.panels, L.bias, a, b, L.scratch + t * L.scratchBytes, L.Vp, L.banOff, L.banItems, L.targets, L.max, L.sum, L.zt]
      : undefined)));
    const logp = new Float32Array(shape.P);
    const max = f32.slice(L.max / 4, L.max / 4 + shape.P);
    const sum = f32.slice(L.sum / 4, L.sum / 4 + shape.P);
    for (let r = 0; r < shape.P; r++) {
      if (max[r] === -Infinity) throw new RangeError(`vocab kernel: row ${r} has every item banned`);
      logp[r] = f32[L.zt / 4 + r]! - max[r]! - Math.log(sum[r]!);
    }
    return { logp, max, sum };
  }

  /**
   * Backward pass for upstream `dy` `[P]` with the row statistics of {@link forward}: `dh` `[P, d]`,
   * `dE` `[V, d]`, `db` `[V]`.
   */
  backward(shape: VocabShape, h: Float32Array, E: Float32Array, bias: Float32Array, targets: Int32Array, banned: BannedItems | undefined, stats: Pick<VocabForward, 'max' | 'sum'>, dy: Float32Array): { dh: Float32Array; dE: Float32Array; db: Float32Array } {
    const { L, f32 } = this.upload(shape, h, E, bias, targets, banned);
    const { P, d, V } = shape;
    const { P4, D, Vp } = L;
    f32.set(stats.max, L.max / 4);
    f32.fill(0, L.max / 4 + P, L.max / 4 + P4);
    // coef = −dy / sum (the softmax's normaliser folded into the upstream gradient); 0 on padded rows
    for (let r = 0; r < P; r++) f32[L.sum / 4 + r] = -dy[r]! / stats.sum[r]!;
    f32.fill(0, L.sum / 4 + P, L.sum / 4 + P4);
    f32.set(dy, L.dy / 4);
    f32.fill(0, L.dy / 4 + P, L.dy / 4 + P4);
    const T = this.pool.threads;
    f32.fill(0, L.dh / 4, L.dh / 4 + T * P4 * D);
    const m = this.module(D);
    const ranges = split(Vp, T, 8);
    this.pool.run(m, 'backward', ranges.map(([a, b], t) => (a < b
      ? [L.h, L.e, L.panels, L.bias, P4, a, b, L.scratch + t * L.scratchBytes, L.max, L.sum, L.dy, L.targets, L.banOff, L.banItems, L.dE, L.db, L.dh + t * P4 * D * 4]
      : undefined)));
    const dh = new Float32Array(P * d);
    for (let r = 0; r < P; r++) {
      for (let k = 0; k < d; k++) {
        let s = 0;
        for (let t = 0; t < T; t++) s += f32[L.dh / 4 + t * P4 * D + r * D + k]!;
        dh[r * d + k] = s;
      }
    }
    const dE = new Float32Array(V * d);
    if (D === d) dE.set(f32.subarray(L.dE / 4, L.dE / 4 + V * d));
    else for (let v = 0; v < V; v++) dE.set(f32.subarray(L.dE / 4 + v * D, L.dE / 4 + v * D + d), v * d);
    const db = f32.slice(L.db / 4, L.db / 4 + V);
    return { dh, dE, db };
  }
}

let shared: { pool: KernelPool; vocab: VocabKernel } | undefined;

/** The process-wide pool and vocabulary kernel ({@link defaultKernelThreads} threads unless set). */
export function sharedVocabKernel(): VocabKernel {
  if (!shared) {
    const pool = new KernelPool(defaultKernelThreads());
    shared = { pool, vocab: new VocabKernel(pool) };
  }
  return shared.vocab;
}

/**
 * Sets the thread count of the process-wide kernel pool (the old pool's workers stop). Results are
 * reproducible bit for bit for a given count; different counts may differ in the last bits of `dh`.
 */
export async function setKernelThreads(threads: number): Promise<void> {
  if (shared?.pool.threads === threads) return;
  const old = shared;
  const pool = new KernelPool(threads);
  shared = { pool, vocab: new VocabKernel(pool) };
  await old?.pool.dispose();
}

/** Stops the process-wide pool's workers (a later kernel call starts a new pool). */
export async function shutdownKernels(): Promise<void> {
  const old = shared;
  shared = undefined;
  await old?.pool.dispose();
}
