import { KernelPool, PAGE, defaultKernelThreads, type PoolModule } from './kernel-pool.js';
import { relaxedSimdSupported } from './simd-features.js';
import { CHUNK, FORWARD_ROWS, vocabKernelModule } from './vocab-kernel-module.js';
import { MAX_PAGES } from './kernel-pool.js';
import { MatMulKernel } from './matmul-kernel.js';

/**
 * Items banned per row, as CSR: row r may not choose `items[offsets[r] … offsets[r+1]]` (its
 * logits count as −∞). `offsets` has `rows + 1` entries. With `values`, entry j instead adds
 * `values[j]` to the item's logit (−∞ still bans it): the sparse per-row corrections of a
 * count prior and the bans of a list share one table.
 */
export interface BannedItems {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  readonly values?: Float32Array;
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
  /** Where the forward pass kept its logits for the backward pass (absent: the backward pass recomputes them). */
  readonly saved?: SavedLogits;
}

/** A handle on logits kept in the pool's memory: valid while its slot still holds `token`. */
export interface SavedLogits {
  readonly slot: number;
  readonly token: number;
  readonly offset: number;
}

/** Logits are kept between the passes only up to this size per call (larger calls recompute them). */
export const MAX_SAVED_BYTES = 128 << 20;
/** Slots for kept logits: the backward pass of one call survives this many later forward calls − 1. */
const SAVED_SLOTS = 2;

/** The largest float32 below 1. */
const ONE_BELOW = 1 - 2 ** -24;

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
  readonly zPick: number;
  readonly drawOff: number;
  readonly param: number;
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
  const banItems = take(Math.max(1, bannedCount) * 8);
  const max = take(P4 * 4);
  const sum = take(P4 * 4);
  const zt = take(P4 * 4);
  const dy = take(P4 * 4);
  const zPick = take(P4 * 4);
  const drawOff = take((P4 + 1) * 4);
  const param = take(ALIGN);
  const dE = take(Vp * D * 4);
  const db = take(Vp * 4);
  const dh = take(threads * P4 * D * 4);
  // forward: the logits of FORWARD_ROWS rows; draw: those and their exponentials; backward: a chunk
  const scratchBytes = round(Math.max(2 * FORWARD_ROWS * Vp, P4 * CHUNK) * 4, ALIGN);
  const scratch = take(threads * scratchBytes);
  return {
    P4,
    D,
    Vp,
    h,
    e,
    panels,
    bias,
    targets,
    banOff,
    banItems,
    max,
    sum,
    zt,
    dy,
    zPick,
    drawOff,
    param,
    dE,
    db,
    dh,
    scratch,
    scratchBytes,
    end: at,
  };
}

/** A copy of the bytes of `E` and `bias`, one after the other. */
function itemBytes(E: Float32Array, bias: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(E.byteLength + bias.byteLength);
  out.set(new Uint8Array(E.buffer, E.byteOffset, E.byteLength));
  out.set(new Uint8Array(bias.buffer, bias.byteOffset, bias.byteLength), E.byteLength);
  return out;
}

/**
 * Whether `E` and `bias` hold exactly the bytes of {@link itemBytes}' copy: the item operands of a new call (a new
 * `dataSync` copy of unchanged weights, e.g. the next decoding call) need no new upload. A `memcmp` of ≈ 1 MB
 * (≈ 0.1 ms) instead of repacking the panels (≈ 3–4 ms).
 */
function sameBytes(bytes: Buffer, E: Float32Array, bias: Float32Array): boolean {
  return (
    bytes.length === E.byteLength + bias.byteLength &&
    bytes.subarray(0, E.byteLength).equals(new Uint8Array(E.buffer, E.byteOffset, E.byteLength)) &&
    bytes.subarray(E.byteLength).equals(new Uint8Array(bias.buffer, bias.byteOffset, bias.byteLength))
  );
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
  /** The item operands of the last upload and where they sit (reused while nothing else was uploaded). */
  private lastItems:
    | { E: Float32Array; bias: Float32Array; e: number; panels: number; D: number; Vp: number; bytes: Buffer }
    | undefined;

  /**
   * Kept logits: `SAVED_SLOTS` slots of `capacity` bytes from `base` (above every call's buffers); a
   * forward call takes the next slot round-robin. Moving `base` or resizing invalidates every slot.
   */
  private saved = { base: 0, capacity: 0, next: 0, tokens: new Array<number>(SAVED_SLOTS).fill(0), counter: 0 };

  /** Wall time spent in each entry point (ms, including the copies in and out) and calls, for profiles. */
  readonly timing = { forward: 0, backward: 0, draw: 0, calls: 0 };

  constructor(
    readonly pool: KernelPool,
    readonly relaxed = relaxedSimdSupported(),
  ) {}

  private module(D: number): PoolModule {
    let m = this.modules.get(D);
    if (!m) {
      const names = ['logits', 'banned', 'rowStats', 'gradTransform', 'gradE', 'gradH', 'forward', 'backward', 'draw'];
      m = this.pool.load(vocabKernelModule(D, this.relaxed, 1, MAX_PAGES), names);
      this.modules.set(D, m);
    }
    return m;
  }

  /**
   * Copies the operands into the pool's memory; returns the layout and a float view. `rowSlots` (≥ `P`) sizes
   * the per-row buffers (the draw's picks: one per draw, which may outnumber the rows).
   */
  private upload(
    shape: VocabShape,
    h: Float32Array,
    E: Float32Array,
    bias: Float32Array,
    targets: Int32Array | undefined,
    banned?: BannedItems,
    rowSlots = shape.P,
  ) {
    const { P, d, V } = shape;
    if (h.length !== P * d || E.length !== V * d || bias.length !== V || (targets && targets.length !== P))
      throw new RangeError('vocab kernel: operand sizes do not match the shape');
    const bannedCount = banned ? banned.items.length : 0;
    const L = layout({ ...shape, P: Math.max(P, rowSlots) }, bannedCount, this.pool.threads);
    if (L.end > this.saved.base) {
      // the call's buffers would reach into the kept logits: move them up (dropping what they held)
      this.saved.base = round(L.end * 1.25, PAGE);
      this.saved.tokens.fill(0);
    }
    this.pool.reserve(L.end + PAGE);
    const buffer = this.pool.memory.buffer;
    const f32 = new Float32Array(buffer);
    const i32 = new Int32Array(buffer);
    const { P4, D, Vp } = L;
    // h, zero-padded to [P4, D]
    f32.fill(0, L.h / 4, (L.h + P4 * D * 4) / 4);
    if (D === d) f32.set(h, L.h / 4);
    else for (let r = 0; r < P; r++) f32.set(h.subarray(r * d, (r + 1) * d), L.h / 4 + r * D);
    const last = this.lastItems;
    if (!(
      last &&
      last.e === L.e &&
      last.panels === L.panels &&
      last.D === D &&
      last.Vp === Vp &&
      ((last.E === E && last.bias === bias) || sameBytes(last.bytes, E, bias))
    )) {
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
      this.lastItems = { E, bias, e: L.e, panels: L.panels, D, Vp, bytes: itemBytes(E, bias) };
    }
    if (targets) {
      i32.set(targets, L.targets / 4);
      for (let t = 0; t < P; t++)
        if (!(targets[t]! >= 0 && targets[t]! < V))
          throw new RangeError(`vocab kernel: target ${targets[t]} of row ${t} is not an item index < ${V}`);
    } else {
      i32.fill(0, L.targets / 4, L.targets / 4 + P);
    }
    i32.fill(0, L.targets / 4 + P, L.targets / 4 + P4);
    if (banned) {
      if (banned.offsets.length !== P + 1) throw new RangeError(`vocab kernel: banned offsets need ${P + 1} entries`);
      if (banned.values && banned.values.length !== banned.items.length)
        throw new RangeError('vocab kernel: one value per banned entry');
      i32.set(banned.offsets, L.banOff / 4);
      // (item, value) pairs; a ban adds −∞
      const at = L.banItems / 4;
      banned.items.forEach((item, j) => {
        if (!(item >= 0 && item < V)) {
          throw new RangeError(`vocab kernel: banned item ${item} is not an item index < ${V}`);
        }
        i32[at + 2 * j] = item;
        f32[at + 2 * j + 1] = banned.values ? banned.values[j]! : -Infinity;
      });
    } else {
      i32.fill(0, L.banOff / 4, L.banOff / 4 + P + 1);
    }
    i32.fill(i32[L.banOff / 4 + P]!, L.banOff / 4 + P + 1, L.banOff / 4 + P4 + 1);
    return { L, f32, i32 };
  }

  private slotOffset(slot: number): number {
    return this.saved.base + slot * this.saved.capacity;
  }

  /** The next slot for `bytes` of logits (growing the slots if needed), or undefined above {@link MAX_SAVED_BYTES}. */
  private claimSlot(bytes: number): SavedLogits | undefined {
    if (bytes > MAX_SAVED_BYTES) return undefined;
    const st = this.saved;
    if (bytes > st.capacity) {
      st.capacity = round(bytes, PAGE);
      st.tokens.fill(0);
    }
    this.pool.reserve(st.base + SAVED_SLOTS * st.capacity);
    const slot = st.next;
    st.next = (st.next + 1) % SAVED_SLOTS;
    st.tokens[slot] = ++st.counter;
    return { slot, token: st.counter, offset: this.slotOffset(slot) };
  }

  /**
   * Forward pass: `logp` `[P]` (log-probability of each row's target) and, for the backward pass,
   * each row's `max` logit and `sum = Σ exp(z − max)` (so `lse = max + log sum`).
   * @throws RangeError when a row has every item banned.
   */
  forward(
    shape: VocabShape,
    h: Float32Array,
    E: Float32Array,
    bias: Float32Array,
    targets: Int32Array,
    banned?: BannedItems,
  ): VocabForward {
    const started = performance.now();
    const { L, f32 } = this.upload(shape, h, E, bias, targets, banned);
    const m = this.module(L.D);
    const ranges = split(L.P4, this.pool.threads, 4);
    const saved = this.claimSlot(L.P4 * L.Vp * 4);
    this.pool.run(
      m,
      'forward',
      ranges.map(([a, b], t) =>
        a < b
          ? [
              L.h,
              L.panels,
              L.bias,
              a,
              b,
              saved ? saved.offset : L.scratch + t * L.scratchBytes,
              L.Vp,
              L.banOff,
              L.banItems,
              L.targets,
              L.max,
              L.sum,
              L.zt,
              saved ? 1 : 0,
            ]
          : undefined,
      ),
    );
    const logp = new Float32Array(shape.P);
    const max = f32.slice(L.max / 4, L.max / 4 + shape.P);
    const sum = f32.slice(L.sum / 4, L.sum / 4 + shape.P);
    for (let r = 0; r < shape.P; r++) {
      if (max[r] === -Infinity) throw new RangeError(`vocab kernel: row ${r} has every item banned`);
      logp[r] = f32[L.zt / 4 + r]! - max[r]! - Math.log(sum[r]!);
    }
    this.timing.forward += performance.now() - started;
    this.timing.calls++;
    return saved ? { logp, max, sum, saved } : { logp, max, sum };
  }

  /**
   * Backward pass for upstream `dy` `[P]` with the row statistics of {@link forward}: `dh` `[P, d]`,
   * `dE` `[V, d]`, `db` `[V]`.
   */
  backward(
    shape: VocabShape,
    h: Float32Array,
    E: Float32Array,
    bias: Float32Array,
    targets: Int32Array,
    banned: BannedItems | undefined,
    stats: Pick<VocabForward, 'max' | 'sum' | 'saved'>,
    dy: Float32Array,
  ): { dh: Float32Array; dE: Float32Array; db: Float32Array } {
    const started = performance.now();
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
    const s = stats.saved;
    const zs = s && this.saved.tokens[s.slot] === s.token && this.slotOffset(s.slot) === s.offset ? s.offset : 0;
    this.pool.run(
      m,
      'backward',
      ranges.map(([a, b], t) =>
        a < b
          ? [
              L.h,
              L.e,
              L.panels,
              L.bias,
              P4,
              a,
              b,
              L.scratch + t * L.scratchBytes,
              L.max,
              L.sum,
              L.dy,
              L.targets,
              L.banOff,
              L.banItems,
              L.dE,
              L.db,
              L.dh + t * P4 * D * 4,
              zs,
              Vp,
            ]
          : undefined,
      ),
    );
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
    this.timing.backward += performance.now() - started;
    this.timing.calls++;
    return { dh, dE, db };
  }

  /**
   * One decoding step for `P` query rows `q` `[P, d]`: with `uniforms`, inverse-CDF draws from
   * `softmax((q·Eᵀ + b + mask)·invT)` (mask = −∞ at the banned items) — one per row (`uniforms` `[P]`, in
   * `[0, 1)`), or with `draws` (CSR offsets `[P + 1]`) the draws `draws[r] … draws[r+1]` of row r, each with its
   * own uniform, from the row's one set of logits (rows whose queries and entries are identical computed
   * once); without `uniforms`, the first argmax (greedy). The probabilities are never materialised beyond the
   * {@link FORWARD_ROWS} rows a thread works on. Returns the picks and their log-probabilities at temperature 1
   * (`z_pick − max − log Σ exp(z − max)`; `NaN` for greedy picks, which need none), one per draw. See
   * {@link drawReference} for the exact arithmetic.
   * @throws RangeError when a row has every item banned.
   */
  draw(
    shape: VocabShape,
    q: Float32Array,
    E: Float32Array,
    bias: Float32Array,
    banned: BannedItems | undefined,
    uniforms?: Float32Array,
    invTemperature = 1,
    draws?: Int32Array,
  ): { items: Int32Array; logp: Float32Array } {
    const started = performance.now();
    const { P } = shape;
    if (draws && (!uniforms || draws.length !== P + 1 || draws[0] !== 0 || draws[P] !== uniforms.length))
      throw new RangeError('vocab kernel: draws must be CSR offsets [P + 1] over the uniforms');
    if (uniforms && !draws && uniforms.length !== P) throw new RangeError('vocab kernel: one uniform per row');
    const count = uniforms ? uniforms.length : P;
    const { L, f32, i32 } = this.upload(shape, q, E, bias, undefined, banned, count);
    const P4 = round(Math.max(P, 1), 4);
    // draw offsets (padded rows: no draws; greedy: one per row, its own index)
    if (draws) {
      i32.set(draws, L.drawOff / 4);
      i32.fill(count, L.drawOff / 4 + P + 1, L.drawOff / 4 + P4 + 1);
    } else {
      for (let r = 0; r <= P4; r++) i32[L.drawOff / 4 + r] = uniforms ? Math.min(r, count) : r;
    }
    // uniforms (clamped below 1 in float32) at dy, 1/T in the word after them
    if (uniforms) for (let j = 0; j < count; j++) f32[L.dy / 4 + j] = Math.min(Math.fround(uniforms[j]!), ONE_BELOW);
    f32.fill(0, L.dy / 4 + count, L.dy / 4 + L.P4);
    f32[L.param / 4] = invTemperature;
    const m = this.module(L.D);
    const ranges = split(P4, this.pool.threads, 4);
    const tempered = Math.fround(invTemperature) === 1 ? 0 : 1;
    this.pool.run(
      m,
      'draw',
      ranges.map(([a, b], t) =>
        a < b
          ? [
              L.h,
              L.panels,
              L.bias,
              a,
              b,
              L.scratch + t * L.scratchBytes,
              L.Vp,
              L.banOff,
              L.banItems,
              uniforms ? L.dy : 0,
              L.param,
              tempered,
              L.targets,
              L.max,
              L.sum,
              L.zPick,
              L.drawOff,
            ]
          : undefined,
      ),
    );
    const items = i32.slice(L.targets / 4, L.targets / 4 + count);
    const logp = new Float32Array(count);
    for (let r = 0; r < P; r++) {
      const first = draws ? draws[r]! : r;
      const end = draws ? draws[r + 1]! : r + 1;
      for (let j = first; j < end; j++) {
        if (f32[L.max / 4 + r] === -Infinity || items[j]! < 0)
          throw new RangeError(`row ${r}: no item left to choose (list longer than the allowed items?)`);
        logp[j] = uniforms ? f32[L.zPick / 4 + j]! - f32[L.max / 4 + r]! - Math.log(f32[L.sum / 4 + r]!) : NaN;
      }
    }
    this.timing.draw += performance.now() - started;
    this.timing.calls++;
    return { items, logp };
  }
}

let shared: { pool: KernelPool; vocab: VocabKernel; matMul?: MatMulKernel } | undefined;

/** The process-wide pool and vocabulary kernel ({@link defaultKernelThreads} threads unless set). */
export function sharedVocabKernel(): VocabKernel {
  if (!shared) {
    const pool = new KernelPool(defaultKernelThreads());
    shared = { pool, vocab: new VocabKernel(pool) };
  }
  return shared.vocab;
}

/**
 * The process-wide GEMM of the dense projections: its own pool (its memory is laid out by the products, the
 * vocabulary pool's by the vocabulary kernels) with the vocabulary pool's thread count, created on first use.
 */
export function sharedMatMulKernel(): MatMulKernel {
  sharedVocabKernel();
  shared!.matMul ??= new MatMulKernel(new KernelPool(shared!.pool.threads));
  return shared!.matMul;
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
  await old?.matMul?.pool.dispose();
}

/** Stops the process-wide pool's workers (a later kernel call starts a new pool). */
export async function shutdownKernels(): Promise<void> {
  const old = shared;
  shared = undefined;
  await old?.pool.dispose();
  await old?.matMul?.pool.dispose();
}
