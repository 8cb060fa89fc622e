import { type RewardInputs } from '@bladerec/core';
import {
  type KernelPool,
  MetricKernelPool,
  PARALLEL_MIN_LISTS,
  type PoolModule,
  splitRows,
  wasm,
} from '@bladerec/core/internal';
import { ListWindow } from './list-window.js';
import { unitEmbeddings } from './unit-embeddings.js';

/**
 * Batched cosine ILD@K (see {@link ildReference} for the definition), `O(n · dim)` per list.
 *
 * With unit vectors `ê_j` (zero for a zero embedding) the pairwise similarities need no pair loop:
 *
 *   Σ_{j<l} cos(e_j, e_l) = (‖Σ_j ê_j‖² − Σ_j ‖ê_j‖²) / 2,
 *   ILD = 1 − (‖Σ_j ê_j‖² − Σ_j ‖ê_j‖²) / (n (n − 1)).
 *
 * A zero vector adds nothing to either sum, so its similarity with every item is 0 (distance 1).
 * The result is clamped to `[0, 2]` against rounding.
 *
 * Two implementations compute exactly the same double-precision operations in the same order, so
 * their results are bit-identical: {@link ildCosineJs}, plain JavaScript, and a small
 * WebAssembly kernel with two-lane SIMD ({@link IldWasm}), about three times faster, which takes
 * every batch whose unit table fits a wasm memory (up to 1 GiB of doubles). The kernel skips a window's
 * repeats by marking each item with the list's stamp in a per-item table (no compare loop over the window), and
 * sums sixteen coordinates per pass over the window's rows (eight f64x2 accumulators); both keep the order of
 * every addition, so the scores stay bit-identical (`test/ild-threads.test.ts`).
 */
export function ildCosineBatch(inputs: RewardInputs, k: number, out: Float64Array): Float64Array {
  const { lists, items } = inputs;
  if (!items.embeddings) throw new Error("ild (distance 'cosine') needs item embeddings (inputs.items.embeddings)");
  const { dim, unit, squaredNorm } = unitEmbeddings(items.embeddings);
  if (squaredNorm.length < items.numItems)
    throw new RangeError(`embeddings: ${squaredNorm.length} rows for ${items.numItems} items`);
  if (unit.byteLength + squaredNorm.byteLength > MAX_WASM_TABLE_BYTES)
    return ildCosineJs(inputs, k, out, unit, squaredNorm, dim);
  // the pool's memory holds the table, its norms and one seen table (4 bytes an item) per thread (at most 8)
  const poolBytes = unit.byteLength + squaredNorm.byteLength + 32 * items.numItems;
  if (lists.size >= PARALLEL_MIN_LISTS && poolBytes <= MAX_POOL_TABLE_BYTES) {
    const threaded = ILD_POOL.get();
    if (threaded) return ildCosineOn(threaded, inputs, k, out);
  }
  return IldWasm.get().score(inputs, k, out, unit, squaredNorm, dim);
}

/**
 * Unit tables (with norms and seen tables) above this size stay on one thread (the pool's memory holds at most 1 GiB).
 */
const MAX_POOL_TABLE_BYTES = 1 << 29;

/** The unit table each pool's memory holds now (copied in when another table is scored). */
const poolTables = new WeakMap<KernelPool, Float64Array>();
/** The `seen` tables of each pool's memory. */
const poolStamps = new WeakMap<KernelPool, SeenStamps>();

/**
 * The threaded path of {@link ildCosineBatch} (batches of at least `PARALLEL_MIN_LISTS` lists when the
 * metric pool has several threads): the WebAssembly kernel over a `KernelPool`'s shared memory, each
 * chunk of lists split into one contiguous range per thread, each thread with its own scratch row.
 * Every list runs the same code as on one thread, so the scores are bit-identical for any thread count.
 */
export function ildCosineOn(
  threaded: { pool: KernelPool; module: PoolModule },
  inputs: RewardInputs,
  k: number,
  out: Float64Array,
): Float64Array {
  const { pool, module } = threaded;
  const { lists, items } = inputs;
  const { dim, unit, squaredNorm } = unitEmbeddings(items.embeddings!);
  const { size, width } = lists;
  const window = Math.min(k, width);
  const chunk = Math.max(1, Math.min(size, Math.floor(CHUNK_SLOTS / Math.max(width, 1))));
  // layout: unit | squared norms | one seen table per thread (i32) | slots of a chunk (i32) | scores (f64) |
  // one scratch window per thread (i32). What a thread writes (its seen table and scratch window) starts on a
  // cache line of its own: scratch windows 40 bytes apart shared a line between the threads, which then took
  // turns owning it for every list (false sharing: 2 threads ran 1.2× faster than one instead of ~2×)
  const norms = unit.byteLength;
  const seen = alignLine(norms + squaredNorm.byteLength);
  const seenBytes = alignLine(items.numItems * 4);
  const slots = seen + seenBytes * pool.threads;
  const scores = align8(slots + chunk * width * 4);
  const scratch = alignLine(scores + chunk * 8);
  const scratchBytes = alignLine(Math.max(window, 1) * 4);
  pool.reserve(scratch + scratchBytes * pool.threads);
  const buffer = pool.memory.buffer;
  if (poolTables.get(pool) !== unit) {
    new Float64Array(buffer, 0, unit.length).set(unit);
    new Float64Array(buffer, norms, squaredNorm.length).set(squaredNorm);
    poolTables.set(pool, unit);
  }
  const stamps = poolStamps.get(pool) ?? new SeenStamps();
  poolStamps.set(pool, stamps);
  const slotView = new Int32Array(buffer, slots, chunk * width);
  const scoreView = new Float64Array(buffer, scores, chunk);
  for (let start = 0; start < size; start += chunk) {
    const count = Math.min(chunk, size - start);
    slotView.set(lists.items.subarray(start * width, (start + count) * width));
    const stamp = stamps.take(buffer, seen, (seenBytes / 4) * pool.threads, count);
    const args = splitRows(count, pool.threads).map(([a, b], t) =>
      a === b
        ? undefined
        : [
            slots + a * width * 4,
            width,
            b - a,
            window,
            items.numItems,
            dim * 8,
            norms,
            scores + a * 8,
            scratch + t * scratchBytes,
            seen + t * seenBytes,
            stamp + a,
          ],
    );
    pool.run(module, 'ild', args);
    out.set(scoreView.subarray(0, count), start);
  }
  return out;
}

/**
 * The JavaScript implementation: per list, the distinct known items of the window, then
 * `‖Σ_j ê_j‖²` four coordinates at a time (`x_t = Σ_j ê_j[t]` in list order, then
 * `total += x_t² + x_{t+1}² + x_{t+2}² + x_{t+3}²`), then the remaining coordinates one by one.
 */
export function ildCosineJs(
  inputs: RewardInputs,
  k: number,
  out: Float64Array,
  unit: Float64Array,
  squaredNorm: Float64Array,
  dim: number,
): Float64Array {
  const { lists, items } = inputs;
  const window = new ListWindow(lists, k, items.numItems);
  const ids = window.ids;
  const rows = new Int32Array(ids.length); // offset of each item's row in `unit`
  for (let b = 0; b < lists.size; b++) {
    const n = window.collect(b);
    if (n < 2) {
      out[b] = 0;
      continue;
    }
    let diagonal = 0;
    for (let j = 0; j < n; j++) {
      diagonal += squaredNorm[ids[j]!]!;
      rows[j] = ids[j]! * dim;
    }
    // ‖Σ_j ê_j‖², one coordinate at a time (four per pass), so the sum vector is never stored
    let total = 0;
    let t = 0;
    for (; t + 4 <= dim; t += 4) {
      let x0 = 0;
      let x1 = 0;
      let x2 = 0;
      let x3 = 0;
      for (let j = 0; j < n; j++) {
        const o = rows[j]! + t;
        x0 += unit[o]!;
        x1 += unit[o + 1]!;
        x2 += unit[o + 2]!;
        x3 += unit[o + 3]!;
      }
      total += x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3;
    }
    for (; t < dim; t++) {
      let x = 0;
      for (let j = 0; j < n; j++) x += unit[rows[j]! + t]!;
      total += x * x;
    }
    const ild = 1 - (total - diagonal) / (n * (n - 1));
    out[b] = ild < 0 ? 0 : ild > 2 ? 2 : ild;
  }
  return out;
}

/**
 * Unit tables (with their squared norms) above this size are scored in JavaScript: a wasm32 memory holds at most 4 GiB.
 */
const MAX_WASM_TABLE_BYTES = 1 << 30;
/** The list slots copied into wasm memory per kernel call (bounds the scratch memory to 4 MiB). */
const CHUNK_SLOTS = 1 << 20;

type IldExport = (
  items: number,
  width: number,
  size: number,
  k: number,
  numItems: number,
  dimBytes: number,
  squaredNorm: number,
  out: number,
  scratch: number,
  seen: number,
  stamp: number,
) => void;

/**
 * The `seen` tables of one wasm memory (an `Int32Array` region, one entry per item and thread) and the next
 * stamp. The kernel marks the items of list `b`'s window with its stamp `stamp + b` to skip repeats, so a stamp
 * is never handed out twice while the tables stay where they are; they are zeroed (stamps restart at 1) when
 * they move or the stamps would overflow.
 */
class SeenStamps {
  private at = -1;
  private length = -1;
  private next = 1;

  /** The first of `count` fresh stamps for the tables of `length` ints at byte `at` of `buffer`. */
  take(buffer: ArrayBufferLike, at: number, length: number, count: number): number {
    if (at !== this.at || length !== this.length || this.next + count > 0x7fffffff) {
      new Int32Array(buffer, at, length).fill(0);
      this.at = at;
      this.length = length;
      this.next = 1;
    }
    const stamp = this.next;
    this.next += count;
    return stamp;
  }
}

/**
 * The WebAssembly implementation: one instance and memory per process. The memory holds the unit
 * table and its squared norms (copied in when a different table is scored), then per chunk of
 * lists their slots, one score per list, and a scratch row for the current window.
 */
class IldWasm {
  private static instance: IldWasm | undefined;
  private table: Float64Array | undefined;
  private readonly stamps = new SeenStamps();

  private constructor(
    private readonly memory: wasm.WasmMemory,
    private readonly kernel: IldExport,
  ) {}

  static get(): IldWasm {
    if (!IldWasm.instance) {
      const { memory, exports } = wasm.instantiate(ILD_WASM);
      IldWasm.instance = new IldWasm(memory, exports['ild'] as IldExport);
    }
    return IldWasm.instance;
  }

  score(
    inputs: RewardInputs,
    k: number,
    out: Float64Array,
    unit: Float64Array,
    squaredNorm: Float64Array,
    dim: number,
  ): Float64Array {
    const { size, width, items } = inputs.lists;
    const window = Math.min(k, width);
    const chunk = Math.max(1, Math.min(size, Math.floor(CHUNK_SLOTS / Math.max(width, 1))));
    // layout: unit | squared norms | seen (i32, one per item) | slots of a chunk (i32) | scores (f64) | scratch (i32,
    // one window)
    const norms = unit.byteLength;
    const seen = align8(norms + squaredNorm.byteLength);
    const slots = seen + align8(inputs.items.numItems * 4);
    const scores = align8(slots + chunk * width * 4);
    const scratch = scores + chunk * 8;
    const needed = scratch + Math.max(window, 1) * 4;
    if (needed > this.memory.buffer.byteLength)
      this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / wasm.PAGE_BYTES));
    const buffer = this.memory.buffer;
    if (this.table !== unit) {
      new Float64Array(buffer, 0, unit.length).set(unit);
      new Float64Array(buffer, norms, squaredNorm.length).set(squaredNorm);
      this.table = unit;
    }
    const slotView = new Int32Array(buffer, slots, chunk * width);
    const scoreView = new Float64Array(buffer, scores, chunk);
    for (let start = 0; start < size; start += chunk) {
      const count = Math.min(chunk, size - start);
      slotView.set(items.subarray(start * width, (start + count) * width));
      const stamp = this.stamps.take(buffer, seen, inputs.items.numItems, count);
      this.kernel(slots, width, count, window, inputs.items.numItems, dim * 8, norms, scores, scratch, seen, stamp);
      out.set(count === chunk ? scoreView : scoreView.subarray(0, count), start);
    }
    return out;
  }
}

const align8 = (x: number) => (x + 7) & ~7;
/** Rounds up to a multiple of 128 bytes: two 64-byte cache lines (adjacent-line prefetch pairs them on x86). */
const alignLine = (x: number) => (x + 127) & ~127;

// ---- the WebAssembly module, assembled from the instruction list below ------------------------

const {
  block,
  br,
  brIf,
  end,
  F64,
  f64Add,
  f64Const,
  f64ConvertI32S,
  f64Div,
  f64Gt,
  f64Load,
  f64Lt,
  f64Mul,
  f64Store,
  f64Sub,
  f64x2Add,
  f64x2ExtractLane: lane,
  f64x2Mul,
  I32,
  i32Add,
  i32Const,
  i32Eq,
  i32GeU,
  i32GtU,
  i32Load,
  i32Mul,
  i32Shl,
  i32Store,
  i32Sub,
  ifResult,
  localGet: get,
  localSet: set,
  localTee: tee,
  loop,
  orElse,
  select,
  V128,
  v128Load,
  v128Zero,
} = wasm;

// parameters and locals of `ild(slots, width, size, k, numItems, dimBytes, norms, out, scratch, seen, stamp)`
const [SLOTS, WIDTH, SIZE, K, NUM_ITEMS, DIM_BYTES, NORMS, OUT, SCRATCH, SEEN, STAMP] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
];
const [B, ROW, P, ID, MARK, N, J, T, O, SEEN_AT] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]; // i32
const [DIAGONAL, TOTAL, X, ILD] = [21, 22, 23, 24]; // f64
const ACC = [25, 26, 27, 28, 29, 30, 31, 32]; // v128
const LOCALS: Array<[number, wasm.ValueType]> = [
  [10, I32],
  [4, F64],
  [8, V128],
];
const PARAMS = 11;

/** `address + 4·index` (or `8·index` with `shift` 3). */
const element = (base: number, index: number, shift = 2) => [
  ...get(base),
  ...get(index),
  ...i32Const(shift),
  ...i32Shl,
  ...i32Add,
];
const increment = (local: number) => [...get(local), ...i32Const(1), ...i32Add, ...set(local)];
/** `o = scratch[j] + t`: byte address of coordinate t of the j-th collected item (scratch holds row offsets). */
const rowAddress = [...element(SCRATCH, J), ...i32Load(), ...get(T), ...i32Add];
/** `acc_i = Σ_j unit[o + 2i … o + 2i + 1]` over the n collected items, in list order. */
const accumulate = (accs: number[]) => [
  ...accs.flatMap((acc) => [...v128Zero, ...set(acc)]),
  ...i32Const(0),
  ...set(J),
  ...block,
  ...loop,
  ...get(J),
  ...get(N),
  ...i32GeU,
  ...brIf(1),
  ...rowAddress,
  ...set(O),
  ...accs.flatMap((acc, i) => [...get(acc), ...get(O), ...v128Load(16 * i, 3), ...f64x2Add, ...set(acc)]),
  ...increment(J),
  ...br(0),
  ...end,
  ...end,
];
/**
 * `total += ((a² [0] + a² [1]) + b² [0]) + b² [1]`: one block of four coordinates, added as the JavaScript loop adds
 * it.
 */
const addBlock = (a: number, b: number) => [
  ...get(a),
  ...get(a),
  ...f64x2Mul,
  ...set(a),
  ...get(b),
  ...get(b),
  ...f64x2Mul,
  ...set(b),
  ...get(TOTAL),
  ...get(a),
  ...lane(0),
  ...get(a),
  ...lane(1),
  ...f64Add,
  ...get(b),
  ...lane(0),
  ...f64Add,
  ...get(b),
  ...lane(1),
  ...f64Add,
  ...f64Add,
  ...set(TOTAL),
];
/** `while t + widthBytes ≤ dimBytes: body; t += widthBytes`. */
const coordinateLoop = (widthBytes: number, body: number[]) => [
  ...block,
  ...loop,
  ...get(T),
  ...i32Const(widthBytes),
  ...i32Add,
  ...get(DIM_BYTES),
  ...i32GtU,
  ...brIf(1),
  ...body,
  ...get(T),
  ...i32Const(widthBytes),
  ...i32Add,
  ...set(T),
  ...br(0),
  ...end,
  ...end,
];

/**
 * for b in 0 … size−1:
 *   n = 0; diagonal = 0; mark = stamp + b          (the window: distinct known items of the first k slots)
 *   for p in 0 … k−1:
 *     id = slots[b·width + p]; stop at PAD (−1); skip ids outside 0 … numItems−1 (unknown items)
 *     skip id if seen[id] = mark (a repeat: this list took it already); else seen[id] = mark
 *     scratch[n++] = id · dimBytes; diagonal += norms[id]
 *   if n < 2: out[b] = 0
 *   else:
 *     total = 0; t = 0
 *     while t + 128 ≤ dimBytes:                    (sixteen coordinates: eight f64x2 accumulators)
 *       acc0 … acc7 = Σ_j unit[o_j + t …];  total += block (acc0, acc1) … block (acc6, acc7), in order
 *     while t + 64 ≤ dimBytes:                     (eight coordinates: four accumulators)
 *     while t + 32 ≤ dimBytes:                     (a last block of four: two accumulators)
 *     while t < dimBytes:                          (the remaining coordinates one by one)
 *       x = Σ_j unit[o_j + t];  total += x·x
 *     ild = 1 − (total − diagonal) / (n · (n − 1)), clamped to [0, 2];  out[b] = ild
 */
const BODY = [
  ...i32Const(0),
  ...set(B),
  ...block,
  ...loop,
  ...get(B),
  ...get(SIZE),
  ...i32GeU,
  ...brIf(1),
  ...get(SLOTS),
  ...get(B),
  ...get(WIDTH),
  ...i32Mul,
  ...i32Const(2),
  ...i32Shl,
  ...i32Add,
  ...set(ROW),
  ...get(STAMP),
  ...get(B),
  ...i32Add,
  ...set(MARK),
  ...i32Const(0),
  ...set(N),
  ...f64Const(0),
  ...set(DIAGONAL),
  ...i32Const(0),
  ...set(P),
  // the window
  ...block,
  ...loop,
  ...get(P),
  ...get(K),
  ...i32GeU,
  ...brIf(1),
  ...element(ROW, P),
  ...i32Load(),
  ...tee(ID),
  ...i32Const(-1),
  ...i32Eq,
  ...brIf(1),
  ...block,
  ...get(ID),
  ...get(NUM_ITEMS),
  ...i32GeU,
  ...brIf(0), // unknown: negative ids compare as huge unsigned
  ...element(SEEN, ID),
  ...tee(SEEN_AT),
  ...i32Load(),
  ...get(MARK),
  ...i32Eq,
  ...brIf(0), // a repeat
  ...get(SEEN_AT),
  ...get(MARK),
  ...i32Store(),
  ...element(SCRATCH, N),
  ...get(ID),
  ...get(DIM_BYTES),
  ...i32Mul,
  ...i32Store(),
  ...increment(N),
  ...get(DIAGONAL),
  ...element(NORMS, ID, 3),
  ...f64Load(),
  ...f64Add,
  ...set(DIAGONAL),
  ...end,
  ...increment(P),
  ...br(0),
  ...end,
  ...end,
  // the score
  ...element(OUT, B, 3),
  ...get(N),
  ...i32Const(2),
  ...i32GeU, // [address, n ≥ 2]
  ...ifResult(F64), // each branch leaves one f64
  ...f64Const(0),
  ...set(TOTAL),
  ...i32Const(0),
  ...set(T),
  ...coordinateLoop(128, [
    ...accumulate(ACC),
    ...addBlock(ACC[0]!, ACC[1]!),
    ...addBlock(ACC[2]!, ACC[3]!),
    ...addBlock(ACC[4]!, ACC[5]!),
    ...addBlock(ACC[6]!, ACC[7]!),
  ]),
  ...coordinateLoop(64, [...accumulate(ACC.slice(0, 4)), ...addBlock(ACC[0]!, ACC[1]!), ...addBlock(ACC[2]!, ACC[3]!)]),
  ...coordinateLoop(32, [...accumulate(ACC.slice(0, 2)), ...addBlock(ACC[0]!, ACC[1]!)]),
  ...block,
  ...loop,
  ...get(T),
  ...get(DIM_BYTES),
  ...i32GeU,
  ...brIf(1),
  ...f64Const(0),
  ...set(X),
  ...i32Const(0),
  ...set(J),
  ...block,
  ...loop,
  ...get(J),
  ...get(N),
  ...i32GeU,
  ...brIf(1),
  ...get(X),
  ...rowAddress,
  ...f64Load(),
  ...f64Add,
  ...set(X),
  ...increment(J),
  ...br(0),
  ...end,
  ...end,
  ...get(TOTAL),
  ...get(X),
  ...get(X),
  ...f64Mul,
  ...f64Add,
  ...set(TOTAL),
  ...get(T),
  ...i32Const(8),
  ...i32Add,
  ...set(T),
  ...br(0),
  ...end,
  ...end,
  ...f64Const(1),
  ...get(TOTAL),
  ...get(DIAGONAL),
  ...f64Sub,
  ...get(N),
  ...f64ConvertI32S,
  ...get(N),
  ...i32Const(1),
  ...i32Sub,
  ...f64ConvertI32S,
  ...f64Mul,
  ...f64Div,
  ...f64Sub,
  ...set(ILD),
  ...f64Const(0),
  ...get(ILD),
  ...get(ILD),
  ...f64Const(0),
  ...f64Lt,
  ...select,
  ...set(ILD), // ild < 0 ? 0 : ild
  ...f64Const(2),
  ...get(ILD),
  ...get(ILD),
  ...f64Const(2),
  ...f64Gt,
  ...select, // ild > 2 ? 2 : ild
  ...orElse,
  ...f64Const(0),
  ...end,
  ...f64Store(),
  ...increment(B),
  ...br(0),
  ...end,
  ...end,
  ...end,
];

/**
 * Module: imports `env.memory`, exports `ild(slots, width, size, k, numItems, dimBytes, norms, out, scratch, seen,
 * stamp)`.
 */
const ILD_WASM = wasm.assembleModule({
  params: new Array<wasm.ValueType>(PARAMS).fill(I32),
  results: [],
  locals: LOCALS,
  body: BODY,
  exportName: 'ild',
  memory: 'import',
});

/** The same function over a shared memory, for a `KernelPool`. */
export const ILD_WASM_SHARED = wasm.assembleModule({
  params: new Array<wasm.ValueType>(PARAMS).fill(I32),
  results: [],
  locals: LOCALS,
  body: BODY,
  exportName: 'ild',
  memory: 'shared',
});

/**
 * The pool of the threaded path (its workers start on the first large batch that takes it; `takePaths` for reports).
 */
export const ILD_POOL = new MetricKernelPool(ILD_WASM_SHARED, ['ild']);
