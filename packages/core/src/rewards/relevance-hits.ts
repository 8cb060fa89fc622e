import { PAD_ITEM } from './list-batch.js';
import type { RewardInputs } from './reward-inputs.js';

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
  const chunk = Math.max(1, Math.min(size, Math.floor(CHUNK_SLOTS / Math.max(width, 1))));
  const kernel = HitsWasm.get(chunk, width);
  const { targets, positions } = kernel;
  for (let start = 0; start < size; start += chunk) {
    const count = Math.min(chunk, size - start);
    // the target of each row: its judged item, or −1 when there is none or its grade is not positive
    for (let i = 0, b = start; i < count; i++, b++) {
      const r = offsets[b]!;
      const judged = offsets[b + 1]! - r;
      if (judged > 1) return undefined; // not single-target: the caller falls back to relevanceHits
      targets[i] = judged === 1 && grades[r]! > 0 ? values[r]! : -1;
    }
    kernel.run(items.subarray(start * width, (start + count) * width), width, count, k);
    hits.set(count === chunk ? positions : positions.subarray(0, count), start);
  }
  return hits;
}

/** List slots copied into wasm memory per kernel call. */
const CHUNK_SLOTS = 1 << 18;
const PAGE = 65_536;

// The WebAssembly API is a Node global; the compiler options here load no DOM types, so declare the part used.
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer; grow(pages: number): number };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

type HitsExport = (slots: number, width: number, size: number, k: number, targets: number, out: number) => void;

/**
 * The scan of {@link singleTargetHits} in WebAssembly: one instance and memory per process, laid out
 * as the slots of a chunk of lists (plus 16 bytes, as the last four-slot load may read past them),
 * one target per list, one position per list.
 */
class HitsWasm {
  private static instance: HitsWasm | undefined;
  targets = new Int32Array(0);
  positions = new Int32Array(0);
  private slots = new Int32Array(0);
  private layout = { targets: 0, positions: 0 };

  private constructor(
    private readonly memory: InstanceType<typeof WebAssembly.Memory>,
    private readonly kernel: HitsExport,
  ) {}

  /** The kernel, with room for `chunk` lists of `width` slots. */
  static get(chunk: number, width: number): HitsWasm {
    if (!HitsWasm.instance) {
      const memory = new WebAssembly.Memory({ initial: 1 });
      const { exports } = new WebAssembly.Instance(new WebAssembly.Module(HITS_WASM), { env: { memory } });
      HitsWasm.instance = new HitsWasm(memory, exports['hits'] as HitsExport);
    }
    HitsWasm.instance.prepare(chunk, width);
    return HitsWasm.instance;
  }

  private prepare(chunk: number, width: number): void {
    const targets = chunk * width * 4 + 16;
    const positions = targets + chunk * 4;
    const needed = positions + chunk * 4;
    const have = this.memory.buffer.byteLength;
    if (needed > have) this.memory.grow(Math.ceil((needed - have) / PAGE)); // detaches the views
    const buffer = this.memory.buffer;
    if (this.slots.buffer !== buffer || this.slots.length !== chunk * width || this.targets.length !== chunk) {
      this.slots = new Int32Array(buffer, 0, chunk * width);
      this.targets = new Int32Array(buffer, targets, chunk);
      this.positions = new Int32Array(buffer, positions, chunk);
      this.layout = { targets, positions };
    }
  }

  /** Scans `slots` (`size` lists of `width`) for the targets set in {@link targets}; fills {@link positions}. */
  run(slots: Int32Array, width: number, size: number, k: number): void {
    this.slots.set(slots);
    this.kernel(0, width, size, k, this.layout.targets, this.layout.positions);
  }
}

// ---- the WebAssembly module, assembled from the instruction list below ------------------------

const I32 = 0x7f;
const VOID = 0x40;
const block = [0x02, VOID];
const loop = [0x03, VOID];
const ifThen = [0x04, VOID];
const end = [0x0b];
const br = (depth: number) => [0x0c, depth];
const brIf = (depth: number) => [0x0d, depth];
const select = [0x1b];
const get = (local: number) => [0x20, local];
const set = (local: number) => [0x21, local];
const tee = (local: number) => [0x22, local];
const i32Const = (value: number) => [0x41, ...sleb(value)];
const i32Load = [0x28, 2, 0];
const i32Store = [0x36, 2, 0];
const v128Load = [0xfd, 0x00, 2, 0];
const i32LtS = [0x48];
const i32Eq = [0x46];
const i32GeU = [0x4f];
const i32GtU = [0x4b];
const i32Ctz = [0x68];
const i32Add = [0x6a];
const i32Sub = [0x6b];
const i32Mul = [0x6c];
const i32And = [0x71];
const i32Shl = [0x74];
const i32x4Splat = [0xfd, 0x11];
const i32x4Eq = [0xfd, 0x37];
const i32x4Bitmask = [0xfd, 0xa4, 0x01];
const v128Or = [0xfd, 0x50];

// parameters and locals of `hits(slots, width, size, k, targets, out)`
const [SLOTS, WIDTH, SIZE, K, TARGETS, OUT] = [0, 1, 2, 3, 4, 5];
const [B, ROW, TARGET, G, MATCH, RESULT] = [6, 7, 8, 9, 10, 11]; // i32
const [WANT, PADS, FOUR] = [12, 13, 14]; // v128: the target and PAD_ITEM in every lane; four slots
const LOCALS = [[6, I32], [3, 0x7b]] as const;

const element = (base: number, index: number) => [...get(base), ...get(index), ...i32Const(2), ...i32Shl, ...i32Add];
const increment = (local: number) => [...get(local), ...i32Const(1), ...i32Add, ...set(local)];
/** match = the lanes of the four slots at row + 4·g that hold the target or PAD_ITEM (a 4-bit mask). */
const matchLanes = [
  ...element(ROW, G), ...v128Load, ...set(FOUR),
  ...get(FOUR), ...get(WANT), ...i32x4Eq, ...get(FOUR), ...get(PADS), ...i32x4Eq, ...v128Or, ...i32x4Bitmask, ...set(MATCH),
];
/**
 * When some lane matched: p = g + ctz(match) is the first slot holding the target or PAD; the list's
 * hit is p if that slot holds the target, else (PAD first) there is none. Then leave the list
 * (`depth` is the distance to its `done` block).
 */
const settle = (depth: number) => [
  ...get(MATCH),
  ...ifThen,
  ...get(G), ...get(MATCH), ...i32Ctz, ...i32Add, ...set(G),
  ...get(G), ...i32Const(-1), ...element(ROW, G), ...i32Load, ...get(TARGET), ...i32Eq, ...select, ...set(RESULT),
  ...br(depth + 1),
  ...end,
];

/**
 * pads = PAD_ITEM in every lane
 * for b in 0 … size−1:
 *   result = −1
 *   if targets[b] ≥ 0:                             (done: leave this block)
 *     want = the target in every lane; g = 0
 *     while g + 4 ≤ k:                             (four whole slots of the window)
 *       match = lanes equal to want or pads; if match: settle, done
 *       g += 4
 *     if g < k:                                    (the last k − g slots)
 *       match = (lanes equal to want or pads) & (2^(k−g) − 1); if match: settle, done
 *   out[b] = result
 * settle: p = g + ctz(match); result = slots[row + p] == target ? p : −1 (PAD came first)
 */
const BODY = [
  ...i32Const(-1), ...i32x4Splat, ...set(PADS),
  ...i32Const(0), ...set(B),
  ...block, ...loop,
  ...get(B), ...get(SIZE), ...i32GeU, ...brIf(1),
  ...i32Const(-1), ...set(RESULT),
  ...block, // done
  ...element(TARGETS, B), ...i32Load, ...tee(TARGET), ...i32Const(0), ...i32LtS, ...brIf(0),
  ...get(TARGET), ...i32x4Splat, ...set(WANT),
  ...get(SLOTS), ...get(B), ...get(WIDTH), ...i32Mul, ...i32Const(2), ...i32Shl, ...i32Add, ...set(ROW),
  ...i32Const(0), ...set(G),
  ...block, ...loop,
  ...get(G), ...i32Const(4), ...i32Add, ...get(K), ...i32GtU, ...brIf(1),
  ...matchLanes,
  ...settle(2),
  ...get(G), ...i32Const(4), ...i32Add, ...set(G),
  ...br(0),
  ...end, ...end,
  ...get(G), ...get(K), ...i32GeU, ...brIf(0),
  ...matchLanes,
  ...get(MATCH), ...i32Const(1), ...get(K), ...get(G), ...i32Sub, ...i32Shl, ...i32Const(1), ...i32Sub, ...i32And, ...set(MATCH),
  ...settle(0),
  ...end, // done
  ...element(OUT, B), ...get(RESULT), ...i32Store,
  ...increment(B), ...br(0),
  ...end, ...end,
  ...end,
];

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const name = (text: string) => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const code = [...uleb(LOCALS.length), ...LOCALS.flatMap(([count, type]) => [...uleb(count), type]), ...BODY];

/** Module: imports `env.memory`, exports `hits(slots, width, size, k, targets, out)`. */
const HITS_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  ...section(1, [1, 0x60, 6, ...new Array<number>(6).fill(I32), 0]), // type 0: (i32 × 6) → ()
  ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x00]), // import env.memory, min 0 pages
  ...section(3, [1, 0]), // function 0 has type 0
  ...section(7, [1, ...name('hits'), 0x00, 0]), // export function 0
  ...section(10, [1, ...uleb(code.length), ...code]), // its body
]);
