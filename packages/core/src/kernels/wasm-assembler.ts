/**
 * A small WebAssembly assembler for hand-written numeric kernels: the instructions as byte
 * sequences, the LEB128 encoders, and {@link assembleModule}, which wraps one function body in a
 * module that imports its memory. A kernel is written as a flat list of bytes, spread together from
 * the helpers (`[...localGet(0), ...localGet(1), ...i32Add, ...end]`), and loaded with
 * {@link instantiate}.
 *
 * Naming: instructions without immediates are constants (`i32Add`); those with immediates are
 * functions (`i32Const(7)`, `br(1)`, `i32Load(4)`). Memory instructions take the static `offset`
 * and the alignment hint as a power of two (default: the natural alignment of the access).
 * Exported from `@bladerec/core` as the namespace `wasm`.
 */

/** A WebAssembly value type (its binary encoding). */
export type ValueType = 0x7f | 0x7e | 0x7d | 0x7c | 0x7b;
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
/** The empty block type: a block, loop or `if` that leaves nothing on the stack. */
export const VOID = 0x40;

// ---- LEB128 ------------------------------------------------------------------------------------

/** Unsigned LEB128 of an integer in `0 … 2³² − 1`. @throws RangeError outside that range. */
export function uleb(value: number): number[] {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw new RangeError(`uleb: ${value} is not a u32`);
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128 of an integer in `−2³¹ … 2³¹ − 1`. @throws RangeError outside that range. */
export function sleb(value: number): number[] {
  if (!Number.isInteger(value) || value < -0x8000_0000 || value > 0x7fff_ffff)
    throw new RangeError(`sleb: ${value} is not an i32`);
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

// ---- control -----------------------------------------------------------------------------------

export const block = [0x02, VOID];
export const loop = [0x03, VOID];
/** An `if` without result. */
export const ifThen = [0x04, VOID];
/** An `if` whose branches each leave one value of `type` (so it needs an {@link orElse}). */
export const ifResult = (type: ValueType) => [0x04, type];
/** `else`. */
export const orElse = [0x05];
export const end = [0x0b];
/** Branch to the label `depth` levels out (0 = the innermost block or loop). */
export const br = (depth: number) => [0x0c, ...uleb(depth)];
export const brIf = (depth: number) => [0x0d, ...uleb(depth)];
/** `return`. */
export const ret = [0x0f];
/** `select`: `[a, b, c] → c ≠ 0 ? a : b`. */
export const select = [0x1b];

// ---- locals and constants ----------------------------------------------------------------------

/** `local.get`: locals are numbered after the parameters. */
export const localGet = (local: number) => [0x20, ...uleb(local)];
export const localSet = (local: number) => [0x21, ...uleb(local)];
export const localTee = (local: number) => [0x22, ...uleb(local)];
export const i32Const = (value: number) => [0x41, ...sleb(value)];
export const f32Const = (value: number) => [0x43, ...littleEndian(4, (view) => view.setFloat32(0, value, true))];
export const f64Const = (value: number) => [0x44, ...littleEndian(8, (view) => view.setFloat64(0, value, true))];

function littleEndian(bytes: number, write: (view: DataView) => void): number[] {
  const buffer = new ArrayBuffer(bytes);
  write(new DataView(buffer));
  return Array.from(new Uint8Array(buffer));
}

// ---- memory: (offset, log2 of the alignment) ---------------------------------------------------

const memarg = (opcode: number[], offset: number, alignLog2: number) => [
  ...opcode,
  ...uleb(alignLog2),
  ...uleb(offset),
];
export const i32Load = (offset = 0, alignLog2 = 2) => memarg([0x28], offset, alignLog2);
export const f32Load = (offset = 0, alignLog2 = 2) => memarg([0x2a], offset, alignLog2);
export const f64Load = (offset = 0, alignLog2 = 3) => memarg([0x2b], offset, alignLog2);
export const i32Store = (offset = 0, alignLog2 = 2) => memarg([0x36], offset, alignLog2);
export const f64Store = (offset = 0, alignLog2 = 3) => memarg([0x39], offset, alignLog2);
export const v128Load = (offset = 0, alignLog2 = 4) => memarg([0xfd, 0x00], offset, alignLog2);

// ---- numeric -----------------------------------------------------------------------------------

export const i32Eqz = [0x45];
export const i32Eq = [0x46];
export const i32Ne = [0x47];
export const i32LtS = [0x48];
export const i32LtU = [0x49];
export const i32GtU = [0x4b];
export const i32GeU = [0x4f];
export const f32Gt = [0x5e];
export const f64Lt = [0x63];
export const f64Gt = [0x64];
export const i32Ctz = [0x68];
export const i32Add = [0x6a];
export const i32Sub = [0x6b];
export const i32Mul = [0x6c];
export const i32And = [0x71];
export const i32Or = [0x72];
export const i32Shl = [0x74];
export const f64Add = [0xa0];
export const f64Sub = [0xa1];
export const f64Mul = [0xa2];
export const f64Div = [0xa3];
/** `f64.convert_i32_s`. */
export const f64ConvertI32S = [0xb7];

// ---- SIMD (v128) -------------------------------------------------------------------------------

/** `v128.const` with sixteen bytes, lane 0 first. */
export const v128Const = (bytes: readonly number[]) => {
  if (bytes.length !== 16) throw new RangeError(`v128Const: ${bytes.length} bytes instead of 16`);
  return [0xfd, 0x0c, ...bytes];
};
export const v128Zero = v128Const(new Array<number>(16).fill(0));
export const v128Or = [0xfd, 0x50];
export const i32x4Splat = [0xfd, 0x11];
export const i32x4Eq = [0xfd, 0x37];
/** One bit per lane: bit i = the sign bit of lane i. */
export const i32x4Bitmask = [0xfd, 0xa4, 0x01];
export const f64x2ExtractLane = (lane: number) => [0xfd, 0x21, lane];
export const f64x2Add = [0xfd, 0xf0, 0x01];
export const f64x2Mul = [0xfd, 0xf2, 0x01];

// ---- the module --------------------------------------------------------------------------------

/** One exported function over an imported memory. */
export interface ModuleSpec {
  /** Parameter types; the parameters are locals `0 … params.length − 1`. */
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
  /** Further locals as runs of `[count, type]`, numbered after the parameters. */
  readonly locals: readonly (readonly [count: number, type: ValueType])[];
  /** The instructions, ending with the function's final {@link end}. */
  readonly body: readonly number[];
  /** The name the function is exported under. */
  readonly exportName: string;
  /**
   * `'import'`: the module imports its memory as `env.memory` (at least 0 pages); `'shared'`: the same, a
   * shared memory of at most {@link SHARED_MAX_PAGES} pages (a {@link KernelPool}'s, for the threads).
   */
  readonly memory: 'import' | 'shared';
}

const name = (text: string) => {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
};
const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const vector = (entries: readonly (readonly number[])[]) => [...uleb(entries.length), ...entries.flat()];

/** The binary module of {@link ModuleSpec}: type, import, function, export and code sections. */
export function assembleModule(spec: ModuleSpec): Uint8Array {
  if (spec.body.at(-1) !== end[0]) throw new Error('assembleModule: the body must end with `end`');
  const code = [...vector(spec.locals.map(([count, type]) => [...uleb(count), type])), ...spec.body];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00, // "\0asm", version 1
    // type 0: params → results
    ...section(1, vector([[0x60, ...vector(spec.params.map((t) => [t])), ...vector(spec.results.map((t) => [t]))]])),
    // import env.memory: min 0 pages; shared (flag 0x03) with the pool's maximum
    ...section(
      2,
      vector([
        [
          ...name('env'),
          ...name('memory'),
          0x02,
          ...(spec.memory === 'shared' ? [0x03, 0x00, ...uleb(SHARED_MAX_PAGES)] : [0x00, 0x00]),
        ],
      ]),
    ),
    ...section(3, vector([[0]])), // function 0 has type 0
    ...section(7, vector([[...name(spec.exportName), 0x00, 0]])), // export function 0
    ...section(10, vector([[...uleb(code.length), ...code]])), // its body
  ]);
}

// ---- loading -----------------------------------------------------------------------------------

/** Bytes per WebAssembly memory page. */
export const PAGE_BYTES = 65_536;

/** The maximum of a shared memory a module with `memory: 'shared'` imports: 1 GiB, a {@link KernelPool}'s. */
export const SHARED_MAX_PAGES = 16_384;

/** A WebAssembly memory: `grow` detaches every view of the old `buffer`. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

// The WebAssembly API is a Node global; the compiler options here load no DOM types, so declare the part used.
declare const WebAssembly: {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

/**
 * Compiles a module of {@link assembleModule} (synchronously) and instantiates it with a fresh
 * memory of `initialPages` pages as `env.memory`.
 */
export function instantiate(
  bytes: Uint8Array,
  initialPages = 1,
): { memory: WasmMemory; exports: Record<string, unknown> } {
  const memory = new WebAssembly.Memory({ initial: initialPages });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { memory, exports };
}
