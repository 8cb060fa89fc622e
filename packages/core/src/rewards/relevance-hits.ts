import {
  assembleModule,
  block,
  brIf,
  br,
  end,
  f32Const,
  f32Gt,
  f32Load,
  I32,
  i32Add,
  i32And,
  i32Const,
  i32Ctz,
  i32Eq,
  i32Eqz,
  i32GeU,
  i32GtU,
  i32Load,
  i32LtS,
  i32LtU,
  i32Mul,
  i32Ne,
  i32Or,
  i32Shl,
  i32Store,
  i32Sub,
  i32x4Bitmask,
  i32x4Eq,
  i32x4Splat,
  ifThen,
  instantiate,
  localGet as get,
  orElse,
  localSet as set,
  localTee as tee,
  loop,
  PAGE_BYTES,
  ret,
  select,
  V128,
  v128Load,
  v128Or,
  type ValueType,
  type WasmMemory,
} from '../kernels/wasm-assembler.js';
import type { KernelPool, PoolModule } from '../kernels/kernel-pool.js';
import { MetricKernelPool, PARALLEL_MIN_LISTS, splitRows } from '../kernels/metric-pool.js';
import { PAD_ITEM } from './list-batch.js';
import type { RewardInputs } from './reward-inputs.js';
import type { SharedPass, SharedPasses } from './shared-passes.js';

/**
 * Where each list hits its relevant items: the shared first step of every relevance-based metric
 * (NDCG, Recall, HR, MRR, Precision, MAP …).
 *
 * Rules (see `docs/metrics.md`): positions are 0-based; only the first `cutoff` slots count; a
 * list ends at its first `PAD_ITEM`; unknown items never hit; an item repeated later in the list
 * hits only at its first occurrence (duplicates add nothing, but keep their slot).
 */
export interface RelevanceHits {
  /** `size + 1` offsets: the hits of list `b` are entries `offsets[b] … offsets[b+1]`. */
  readonly offsets: Int32Array;
  /** 0-based position of each hit, ascending within a list. */
  readonly positions: Int32Array;
  /** Grade of each hit (> 0). */
  readonly grades: Float32Array;
  /** Number of judged relevant items (grade > 0) of each list. */
  readonly relevantCount: Int32Array;
  /** Length of each list inside the cutoff (`min(cutoff, length)`). */
  readonly lengths: Int32Array;
}

/** Rows with at most this many relevant items are matched by a linear scan, longer ones by a dense table. */
const SCAN_LIMIT = 16;

/**
 * Computes {@link RelevanceHits} for every list in `inputs` (which must have `relevance`).
 * Cost: `O(B · cutoff · min(|R|, 16))`, or `O(B · cutoff + |R|)` per row with many relevant items.
 */
export function relevanceHits(inputs: RewardInputs, cutoff: number): RelevanceHits {
  const relevance = inputs.relevance;
  if (!relevance) throw new Error('relevanceHits: inputs have no relevance judgments');
  const { size, width, items } = inputs.lists;
  const k = Math.min(cutoff, width);
  const offsets = new Int32Array(size + 1);
  const relevantCount = new Int32Array(size);
  const lengths = new Int32Array(size);
  let capacity = 0;
  for (let b = 0; b < size; b++) capacity += Math.min(relevance.offsets[b + 1]! - relevance.offsets[b]!, k);
  const positions = new Int32Array(capacity);
  const grades = new Float32Array(capacity);
  const used = new Uint8Array(SCAN_LIMIT);
  let dense: Float32Array | undefined;
  let n = 0;
  for (let b = 0; b < size; b++) {
    const r0 = relevance.offsets[b]!;
    const r1 = relevance.offsets[b + 1]!;
    let count = 0;
    for (let r = r0; r < r1; r++) if (relevance.grades[r]! > 0) count++;
    relevantCount[b] = count;
    const row = b * width;
    let len = 0;
    while (len < k && items[row + len] !== PAD_ITEM) len++;
    lengths[b] = len;
    if (count > 0) {
      if (r1 - r0 <= SCAN_LIMIT) {
        used.fill(0);
        for (let p = 0; p < len; p++) {
          const id = items[row + p]!;
          if (id < 0) continue;
          for (let r = r0; r < r1; r++) {
            if (relevance.values[r] === id) {
              const g = relevance.grades[r]!;
              if (g > 0 && used[r - r0] === 0) {
                used[r - r0] = 1;
                positions[n] = p;
                grades[n++] = g;
              }
              break;
            }
          }
        }
      } else {
        dense ??= new Float32Array(inputs.items.numItems);
        for (let r = r0; r < r1; r++) dense[relevance.values[r]!] = relevance.grades[r]!;
        for (let p = 0; p < len; p++) {
          const id = items[row + p]!;
          if (id < 0) continue;
          const g = dense[id]!;
          if (g > 0) {
            dense[id] = 0; // later duplicates of this item do not hit again
            positions[n] = p;
            grades[n++] = g;
          }
        }
        for (let r = r0; r < r1; r++) dense[relevance.values[r]!] = 0;
      }
    }
    offsets[b + 1] = n;
  }
  return { offsets, positions: positions.subarray(0, n), grades: grades.subarray(0, n), relevantCount, lengths };
}

/**
 * Fast path of {@link relevanceHits} for single-target judgments (the usual LLM-recommendation
 * setting: one held-out item per user). When every row of `inputs.relevance` has at most one judged
 * item, writes into `out[b]` the 0-based position of list `b`'s hit — the first occurrence of its
 * item among the first `cutoff` slots, before the first `PAD_ITEM` — or −1 when the list has no hit
 * (no judged item, a grade ≤ 0, or the item is not in the window). The rules, and so every metric
 * built on it, are those of {@link relevanceHits}: a later repeat never hits, unknown items never hit.
 *
 * The scan runs in a small WebAssembly kernel that compares four slots at a time (SIMD); the lists
 * are copied into its memory in chunks of 1 MiB.
 *
 * @returns `out` (allocated when absent), or `undefined` when some row judges more than one item
 *   (then use {@link relevanceHits}; `out` may have been partly written).
 */
export function singleTargetHits(inputs: RewardInputs, cutoff: number, out?: Int32Array): Int32Array | undefined {
  const relevance = inputs.relevance;
  if (!relevance) throw new Error('singleTargetHits: inputs have no relevance judgments');
  const { size, width, items } = inputs.lists;
  const { offsets, values, grades } = relevance;
  const hits = out ?? new Int32Array(size);
  const k = Math.min(cutoff, width);
  if (size >= PARALLEL_MIN_LISTS) {
    const threaded = HITS_POOL.get();
    if (threaded) return singleTargetHitsOn(threaded, inputs, cutoff, hits);
  }
  const chunk = Math.max(1, Math.min(size, Math.floor(CHUNK_SLOTS / Math.max(width, 1))));
  const kernel = HitsWasm.get(chunk, width);
  for (let start = 0; start < size; start += chunk) {
    const count = Math.min(chunk, size - start);
    const r0 = offsets[start]!;
    const r1 = offsets[start + count]!;
    // more judged items than lists: some list judges several, so this is not single-target
    if (r1 - r0 > count) return undefined;
    const scanned = kernel.run(
      items.subarray(start * width, (start + count) * width),
      offsets.subarray(start, start + count + 1),
      values.subarray(r0, r1),
      grades.subarray(r0, r1),
      width,
      count,
      k,
    );
    if (!scanned) return undefined; // a list judges several items: the caller falls back to relevanceHits
    hits.set(count === chunk ? kernel.positions : kernel.positions.subarray(0, count), start);
  }
  return hits;
}

/**
 * The threaded path of {@link singleTargetHits} (taken for batches of at least {@link PARALLEL_MIN_LISTS}
 * lists when the metric pool has several threads): the same WebAssembly scan over a {@link KernelPool}'s
 * shared memory. The calling thread copies the lists into the shared memory chunk by chunk, into two
 * alternating regions: while the workers scan chunk i, it copies chunk i + 1 and then scans a share of
 * chunk i itself (its share adapts to how long its copy takes; the workers split the rest with
 * {@link splitRows}). Every list is scanned by the same code as on one thread, whichever thread runs it,
 * so `out` is bit-identical for any thread count and any split.
 * `chunkSlots` (default 2 MiB of slots) is for tests that need many chunks from a small batch.
 * @returns `out`, or `undefined` when some row judges more than one item (`out` may then be partly written).
 */
export function singleTargetHitsOn(
  threaded: { pool: KernelPool; module: PoolModule },
  inputs: RewardInputs,
  cutoff: number,
  out: Int32Array,
  chunkSlots = POOL_CHUNK_SLOTS,
): Int32Array | undefined {
  const { pool, module } = threaded;
  const { size, width } = inputs.lists;
  const k = Math.min(cutoff, width);
  const chunk = Math.max(1, Math.min(size, Math.floor(chunkSlots / Math.max(width, 1))));
  const regions = [0, 1].map((r) => new HitsRegion(pool, chunk, width, r));
  const workers = pool.threads - 1;
  let share = ownShare.get(pool.threads) ?? 1 / (2 * pool.threads);
  if (!regions[0]!.fill(inputs, 0)) return undefined;
  for (let start = 0, r = 0; start < size; start += chunk, r ^= 1) {
    const region = regions[r]!;
    const count = Math.min(chunk, size - start);
    const own = workers === 0 ? count : Math.round(count * share);
    const split = splitRows(count - own, workers);
    const workerArgs = split.map(([a, b]) => (a === b ? undefined : region.args(inputs, start, own + a, own + b, k)));
    pool.launch(module, 'hits', workerArgs);
    // the next chunk goes into the other region while the workers scan this one
    const next = start + chunk;
    let filled = true;
    if (next < size) filled = regions[r ^ 1]!.fill(inputs, next);
    const mine = own > 0 ? pool.call(module, 'hits', region.args(inputs, start, 0, own, k)) : 1;
    const workersFirst = pool.finished();
    const theirs = pool.join();
    // a scan returns 0 where a list judges several items (an idle worker returns 0 too)
    if (!filled || mine !== 1 || theirs.some((result, t) => result !== 1 && workerArgs[t])) return undefined;
    out.set(region.positions.subarray(0, count), start);
    // balance: the calling thread takes more rows when it waited for the workers, fewer when they waited for it
    if (workers > 0) share = Math.min(1 / pool.threads, Math.max(0, share + (workersFirst ? -SHARE_STEP : SHARE_STEP)));
  }
  ownShare.set(pool.threads, share);
  return out;
}

/** The calling thread's share of each chunk in {@link singleTargetHitsOn}, per thread count (timing, never results). */
const ownShare = new Map<number, number>();
const SHARE_STEP = 0.02;

/**
 * One of the two alternating regions of the pool's shared memory that {@link singleTargetHitsOn} copies a
 * chunk of lists into ({@link hitsLayout}).
 */
class HitsRegion {
  readonly positions: Int32Array;
  private readonly at: HitsLayout;
  private readonly slots: Int32Array;
  private readonly offsets: Int32Array;
  private readonly values: Int32Array;
  private readonly grades: Float32Array;
  /** The judged entry of the chunk's first list (`offsets[start]`). */
  private base = 0;

  constructor(
    pool: KernelPool,
    private readonly chunk: number,
    private readonly width: number,
    index: number,
  ) {
    const bytes = align16(hitsLayout(chunk, width).end);
    this.at = hitsLayout(chunk, width, index * bytes);
    pool.reserve(this.at.end);
    const buffer = pool.memory.buffer;
    this.slots = new Int32Array(buffer, this.at.slots, chunk * width);
    this.offsets = new Int32Array(buffer, this.at.offsets, chunk + 1);
    this.values = new Int32Array(buffer, this.at.values, chunk);
    this.grades = new Float32Array(buffer, this.at.grades, chunk);
    this.positions = new Int32Array(buffer, this.at.positions, chunk);
  }

  /**
   * Copies the chunk of lists from `start` (and their judgment rows) into the region.
   * @returns false when the chunk has more judged items than lists (some list judges several).
   */
  fill(inputs: RewardInputs, start: number): boolean {
    const { size, items } = inputs.lists;
    const { offsets, values, grades } = inputs.relevance!;
    const count = Math.min(this.chunk, size - start);
    const r0 = offsets[start]!;
    const r1 = offsets[start + count]!;
    if (r1 - r0 > count) return false;
    this.base = r0;
    this.slots.set(items.subarray(start * this.width, (start + count) * this.width));
    this.offsets.set(offsets.subarray(start, start + count + 1));
    this.values.set(values.subarray(r0, r1));
    this.grades.set(grades.subarray(r0, r1));
    return true;
  }

  /** The scan's arguments for the chunk's lists `[a, b)` (the chunk starts at list `start`). */
  args(inputs: RewardInputs, start: number, a: number, b: number, k: number): number[] {
    const judged = (inputs.relevance!.offsets[start + a]! - this.base) * 4;
    return [
      this.at.slots + a * this.width * 4,
      this.width,
      b - a,
      k,
      this.at.offsets + a * 4,
      this.at.values + judged,
      this.at.grades + judged,
      this.at.positions + a * 4,
    ];
  }
}

/** {@link relevanceHits} at `cutoff` as a shared pass (keyed by the effective cutoff `min(cutoff, width)`). */
export function relevanceHitsPass(inputs: RewardInputs, cutoff: number): SharedPass<RelevanceHits> {
  const k = Math.min(cutoff, inputs.lists.width);
  return { key: `relevance-hits@${k}`, run: (batch) => relevanceHits(batch, k) };
}

/** {@link singleTargetHits} at `cutoff` as a shared pass (its own output array; `undefined` when not single-target). */
export function singleTargetHitsPass(inputs: RewardInputs, cutoff: number): SharedPass<Int32Array | undefined> {
  const k = Math.min(cutoff, inputs.lists.width);
  return {
    key: `single-target-hits@${k}`,
    run: (batch, passes) => singleTargetHits(batch, k, passes?.int32(batch.lists.size)),
  };
}

/**
 * The relevance hits of `inputs` at `cutoff`: from `passes` when given (computed once per batch for every
 * reward that asks), else computed now. What the relevance rewards call.
 */
export function relevanceHitsOf(inputs: RewardInputs, cutoff: number, passes?: SharedPasses): RelevanceHits {
  return passes ? passes.get(relevanceHitsPass(inputs, cutoff)) : relevanceHits(inputs, cutoff);
}

/**
 * The single-target hits of `inputs` at `cutoff` (or `undefined`, see {@link singleTargetHits}): from
 * `passes` when given, else computed now into the {@link scratchHits} buffer (read it right away).
 */
export function singleTargetHitsOf(
  inputs: RewardInputs,
  cutoff: number,
  passes?: SharedPasses,
): Int32Array | undefined {
  return passes
    ? passes.get(singleTargetHitsPass(inputs, cutoff))
    : singleTargetHits(inputs, cutoff, scratchHits(inputs.lists.size));
}

let scratch = new Int32Array(0);

/**
 * A shared buffer of at least `size` ints for the `out` argument of {@link singleTargetHits}, for
 * kernels that read the hits right away: allocating (and first touching) a fresh array per batch
 * costs about as much as the scan. The buffer is valid until the next call of `scratchHits`, so
 * never keep it.
 */
export function scratchHits(size: number): Int32Array {
  if (scratch.length < size) scratch = new Int32Array(size);
  return scratch;
}

/** List slots copied into wasm memory per kernel call. */
const CHUNK_SLOTS = 1 << 18;
/**
 * List slots copied into the pool's shared memory per threaded call (2 MiB, two regions): the threads scan a
 * chunk while it is still in the last-level cache (8 MiB on the 2-core benchmark machine).
 */
const POOL_CHUNK_SLOTS = 1 << 19;
const align16 = (x: number) => (x + 15) & ~15;

/** Byte offsets of one chunk's arrays in a kernel memory, from `begin` (the scan's reads past the slots included). */
interface HitsLayout {
  readonly slots: number;
  readonly offsets: number;
  readonly values: number;
  readonly grades: number;
  readonly positions: number;
  readonly end: number;
}

/**
 * The memory layout of a chunk of `chunk` lists of `width` slots: slots (+ {@link SLACK}) | offsets (chunk + 1) |
 * values | grades | positions, each 16-byte aligned — V8 copies into and out of a shared buffer word by word only
 * where both sides are aligned (measured: a 4 MB copy at a 4-byte offset ~7× slower than at an aligned one).
 */
function hitsLayout(chunk: number, width: number, begin = 0): HitsLayout {
  const offsets = align16(begin + chunk * width * 4 + SLACK);
  const values = align16(offsets + (chunk + 1) * 4);
  const grades = align16(values + chunk * 4);
  const positions = align16(grades + chunk * 4);
  return { slots: begin, offsets, values, grades, positions, end: positions + chunk * 4 };
}
/** Bytes after the slots that the kernel may read: four-slot loads and the slot-32 probe of a row with no match. */
const SLACK = 160;

type HitsExport = (
  slots: number,
  width: number,
  size: number,
  k: number,
  offsets: number,
  values: number,
  grades: number,
  out: number,
) => number;

/**
 * The scan of {@link singleTargetHits} in WebAssembly: one instance and memory per process. Per
 * chunk of lists the memory holds their slots (plus {@link SLACK} bytes the kernel may read past
 * them), their judgment rows (offsets, item ids, grades) and one position per list.
 */
class HitsWasm {
  private static instance: HitsWasm | undefined;
  positions = new Int32Array(0);
  private views = {
    slots: new Int32Array(0),
    offsets: new Int32Array(0),
    values: new Int32Array(0),
    grades: new Float32Array(0),
  };
  private layout = { offsets: 0, values: 0, grades: 0, positions: 0 };

  private constructor(
    private readonly memory: WasmMemory,
    private readonly kernel: HitsExport,
  ) {}

  /** The kernel, with room for `chunk` lists of `width` slots. */
  static get(chunk: number, width: number): HitsWasm {
    if (!HitsWasm.instance) {
      const { memory, exports } = instantiate(HITS_WASM);
      HitsWasm.instance = new HitsWasm(memory, exports['hits'] as HitsExport);
    }
    HitsWasm.instance.prepare(chunk, width);
    return HitsWasm.instance;
  }

  private prepare(chunk: number, width: number): void {
    const { offsets, values, grades, positions, end: needed } = hitsLayout(chunk, width);
    const have = this.memory.buffer.byteLength;
    if (needed > have) this.memory.grow(Math.ceil((needed - have) / PAGE_BYTES)); // detaches the views
    const buffer = this.memory.buffer;
    if (
      this.views.slots.buffer !== buffer ||
      this.views.slots.length !== chunk * width ||
      this.positions.length !== chunk
    ) {
      this.views = {
        slots: new Int32Array(buffer, 0, chunk * width),
        offsets: new Int32Array(buffer, offsets, chunk + 1),
        values: new Int32Array(buffer, values, chunk),
        grades: new Float32Array(buffer, grades, chunk),
      };
      this.positions = new Int32Array(buffer, positions, chunk);
      this.layout = { offsets, values, grades, positions };
    }
  }

  /**
   * Scans `size` lists of `width` slots for their judged items (CSR rows `offsets`, `values`,
   * `grades`, at most `size` entries); fills {@link positions}.
   * @returns false when a list judges more than one item (nothing useful was written).
   */
  run(
    slots: Int32Array,
    offsets: Int32Array,
    values: Int32Array,
    grades: Float32Array,
    width: number,
    size: number,
    k: number,
  ): boolean {
    const { views, layout } = this;
    views.slots.set(slots);
    views.offsets.set(offsets);
    views.values.set(values);
    views.grades.set(grades);
    return this.kernel(0, width, size, k, layout.offsets, layout.values, layout.grades, layout.positions) === 1;
  }
}

// ---- the WebAssembly module, assembled from the instruction list below ------------------------

// parameters and locals of `hits(slots, width, size, k, offsets, values, grades, out)`
const [SLOTS, WIDTH, SIZE, K, OFFSETS, VALUES, GRADES, OUT] = [0, 1, 2, 3, 4, 5, 6, 7];
const [B, ROW, TARGET, G, MATCH, RESULT, ACC, FIRST, LOW, BASE, R, JUDGED] = [
  8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
]; // i32
const [WANT, PADS, FOUR] = [20, 21, 22]; // v128: the target and PAD_ITEM in every lane; four slots
const LOCALS: Array<[number, ValueType]> = [
  [12, I32],
  [3, V128],
];

const element = (base: number, index: number) => [...get(base), ...get(index), ...i32Const(2), ...i32Shl, ...i32Add];
const increment = (local: number) => [...get(local), ...i32Const(1), ...i32Add, ...set(local)];
/** match = the lanes of the four slots at row + 4·g that hold the target or PAD_ITEM (a 4-bit mask). */
const matchLanes = [
  ...element(ROW, G),
  ...v128Load(0, 2),
  ...set(FOUR), // slots are 4-byte aligned
  ...get(FOUR),
  ...get(WANT),
  ...i32x4Eq,
  ...get(FOUR),
  ...get(PADS),
  ...i32x4Eq,
  ...v128Or,
  ...i32x4Bitmask,
  ...set(MATCH),
];
/**
 * Pushes the 4-bit mask of the lanes of the four slots at byte `offset` of the row that hold the target or PAD_ITEM.
 */
const lanesAt = (offset: number) => [
  ...get(ROW),
  ...v128Load(offset, 2),
  ...set(FOUR),
  ...get(FOUR),
  ...get(WANT),
  ...i32x4Eq,
  ...get(FOUR),
  ...get(PADS),
  ...i32x4Eq,
  ...v128Or,
  ...i32x4Bitmask,
];
/**
 * When some lane matched: p = g + ctz(match) is the first slot holding the target or PAD; the list's
 * hit is p if that slot holds the target, else (PAD first) there is none. Then leave the list
 * (`depth` is the distance to its `done` block).
 */
const settle = (depth: number) => [
  ...get(MATCH),
  ...ifThen,
  ...get(G),
  ...get(MATCH),
  ...i32Ctz,
  ...i32Add,
  ...set(G),
  ...get(G),
  ...i32Const(-1),
  ...element(ROW, G),
  ...i32Load(),
  ...get(TARGET),
  ...i32Eq,
  ...select,
  ...set(RESULT),
  ...br(depth + 1),
  ...end,
];

/**
 * pads = PAD_ITEM in every lane; first = min(k, 32); low = the mask of the first min(k, 32) slots
 * for b in 0 … size−1:
 *   result = −1
 *   judged = offsets[b+1] − offsets[b]: more than 1 → return 0; none → done
 *   target = values[r] for r = offsets[b] − offsets[0]; done unless grades[r] > 0 and target ≥ 0
 *     want = the target in every lane
 *     acc = 0
 *     for g = 0, 4, … < first:                     (the first 32 slots, without a data-dependent branch;
 *       acc |= (lanes equal to want or pads) << g    unrolled into three fixed blocks when k ≤ 12)
 *     acc &= low;  p = ctz(acc)                    (p = 32 when nothing matched)
 *     result = acc ≠ 0 and slots[row + p] == target ? p : −1   (a PAD may come first)
 *     if acc == 0 and k > 32:                      (long windows: on from slot 32, four at a time)
 *       while g + 4 ≤ k: match = lanes equal to want or pads; if match: settle, done
 *       if g < k: match = (lanes equal to want or pads) & (2^(k−g) − 1); if match: settle, done
 *   out[b] = result
 * return 1
 * settle: p = g + ctz(match); result = slots[row + p] == target ? p : −1
 */
const BODY = [
  ...i32Const(-1),
  ...i32x4Splat,
  ...set(PADS),
  ...get(K),
  ...i32Const(32),
  ...get(K),
  ...i32Const(32),
  ...i32LtU,
  ...select,
  ...set(FIRST),
  ...i32Const(1),
  ...get(K),
  ...i32Shl,
  ...i32Const(1),
  ...i32Sub,
  ...i32Const(-1),
  ...get(K),
  ...i32Const(32),
  ...i32LtU,
  ...select,
  ...set(LOW),
  ...get(OFFSETS),
  ...i32Load(),
  ...set(BASE),
  ...i32Const(0),
  ...set(B),
  ...block,
  ...loop,
  ...get(B),
  ...get(SIZE),
  ...i32GeU,
  ...brIf(1),
  ...i32Const(-1),
  ...set(RESULT),
  ...block, // done
  // the list's judged item: none → done; several → return 0; a grade ≤ 0 or a negative id → done
  ...element(OFFSETS, B),
  ...tee(R),
  ...i32Load(4),
  ...get(R),
  ...i32Load(),
  ...tee(R),
  ...i32Sub,
  ...tee(JUDGED),
  ...i32Const(1),
  ...i32GtU,
  ...ifThen,
  ...i32Const(0),
  ...ret,
  ...end,
  ...get(JUDGED),
  ...i32Eqz,
  ...brIf(0),
  ...get(R),
  ...get(BASE),
  ...i32Sub,
  ...set(R),
  ...element(GRADES, R),
  ...f32Load(),
  ...f32Const(0),
  ...f32Gt,
  ...i32Eqz,
  ...brIf(0),
  ...element(VALUES, R),
  ...i32Load(),
  ...tee(TARGET),
  ...i32Const(0),
  ...i32LtS,
  ...brIf(0),
  ...get(TARGET),
  ...i32x4Splat,
  ...set(WANT),
  ...get(SLOTS),
  ...get(B),
  ...get(WIDTH),
  ...i32Mul,
  ...i32Const(2),
  ...i32Shl,
  ...i32Add,
  ...set(ROW),
  ...get(K),
  ...i32Const(12),
  ...i32GtU,
  ...ifThen, // windows of more than 12 slots: four slots at a time, up to 32
  ...i32Const(0),
  ...set(ACC),
  ...i32Const(0),
  ...set(G),
  ...block,
  ...loop,
  ...get(G),
  ...get(FIRST),
  ...i32GeU,
  ...brIf(1),
  ...matchLanes,
  ...get(ACC),
  ...get(MATCH),
  ...get(G),
  ...i32Shl,
  ...i32Or,
  ...set(ACC),
  ...get(G),
  ...i32Const(4),
  ...i32Add,
  ...set(G),
  ...br(0),
  ...end,
  ...end,
  ...orElse, // at most 12 slots: three fixed blocks (slots past k are masked off by low below)
  ...lanesAt(0),
  ...lanesAt(16),
  ...i32Const(4),
  ...i32Shl,
  ...i32Or,
  ...lanesAt(32),
  ...i32Const(8),
  ...i32Shl,
  ...i32Or,
  ...set(ACC),
  ...end,
  ...get(ACC),
  ...get(LOW),
  ...i32And,
  ...tee(ACC),
  ...i32Ctz,
  ...set(G),
  ...get(G),
  ...i32Const(-1),
  ...get(ACC),
  ...i32Const(0),
  ...i32Ne,
  ...element(ROW, G),
  ...i32Load(),
  ...get(TARGET),
  ...i32Eq,
  ...i32And,
  ...select,
  ...set(RESULT),
  ...get(ACC),
  ...i32Eqz,
  ...get(K),
  ...i32Const(32),
  ...i32GtU,
  ...i32And,
  ...ifThen, // slow path: windows longer than 32 slots with no match in the first 32
  ...i32Const(32),
  ...set(G),
  ...block,
  ...loop,
  ...get(G),
  ...i32Const(4),
  ...i32Add,
  ...get(K),
  ...i32GtU,
  ...brIf(1),
  ...matchLanes,
  ...settle(3),
  ...get(G),
  ...i32Const(4),
  ...i32Add,
  ...set(G),
  ...br(0),
  ...end,
  ...end,
  ...get(G),
  ...get(K),
  ...i32GeU,
  ...brIf(0),
  ...matchLanes,
  ...get(MATCH),
  ...i32Const(1),
  ...get(K),
  ...get(G),
  ...i32Sub,
  ...i32Shl,
  ...i32Const(1),
  ...i32Sub,
  ...i32And,
  ...set(MATCH),
  ...settle(1),
  ...end, // slow path
  ...end, // done
  ...element(OUT, B),
  ...get(RESULT),
  ...i32Store(),
  ...increment(B),
  ...br(0),
  ...end,
  ...end,
  ...i32Const(1),
  ...end,
];

/** Module: imports `env.memory`, exports `hits(slots, width, size, k, offsets, values, grades, out) → 1 | 0`. */
const HITS_WASM = assembleModule({
  params: new Array<ValueType>(8).fill(I32),
  results: [I32],
  locals: LOCALS,
  body: BODY,
  exportName: 'hits',
  memory: 'import',
});

/** The same function over a shared memory, for a {@link KernelPool}. */
export const HITS_WASM_SHARED = assembleModule({
  params: new Array<ValueType>(8).fill(I32),
  results: [I32],
  locals: LOCALS,
  body: BODY,
  exportName: 'hits',
  memory: 'shared',
});

/**
 * The pool of the threaded scan (its workers start on the first large batch that takes it; `takePaths` for reports).
 */
export const HITS_POOL = new MetricKernelPool(HITS_WASM_SHARED, ['hits']);
