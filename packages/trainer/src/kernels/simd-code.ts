import { wasm } from '@bladerec/core/internal';

/**
 * The float32 and 128-bit SIMD instructions the training kernels need, on top of the project's
 * WebAssembly assembler (`wasm` of `@bladerec/core`, which holds the integer, f64 and control
 * instructions), a few structured-code helpers (counted loops), and {@link assembleSharedModule},
 * which builds a module of several exported functions over an imported *shared* memory (the
 * worker threads of the kernel pool run the same module on the same memory).
 *
 * Naming follows the core assembler: instructions without immediates are constants, those with
 * immediates are functions taking `(offset, log2 alignment)`.
 */

export type Code = readonly number[];
const { uleb } = wasm;
const simd = (opcode: number, ...immediates: number[]) => [0xfd, ...uleb(opcode), ...immediates];
const memarg = (opcode: number[], offset: number, alignLog2: number) => [
  ...opcode,
  ...uleb(alignLog2),
  ...uleb(offset),
];

// ---- f32 scalar ---------------------------------------------------------------------------------

export const f32Store = (offset = 0, alignLog2 = 2) => memarg([0x38], offset, alignLog2);
export const f32Lt = [0x5d];
export const f32Ge = [0x60];
export const f32Add = [0x92];
export const f32Sub = [0x93];
export const f32Mul = [0x94];
export const f32Max = [0x97];
export const i32GeS = [0x4e];
export const i32GtS = [0x4a];
export const i32LeS = [0x4c];
export const f32Div = [0x95];
export const f32Sqrt = [0x91];

// ---- v128 ---------------------------------------------------------------------------------------

export const v128Store = (offset = 0, alignLog2 = 4) => memarg(simd(0x0b), offset, alignLog2);
/** `v128.load32_splat`: one f32 from memory into all four lanes. */
export const v128Load32Splat = (offset = 0, alignLog2 = 2) => memarg(simd(0x09), offset, alignLog2);
export const f32x4Splat = simd(0x13);
export const f32x4ExtractLane = (lane: number) => simd(0x1f, lane);
export const v128And = simd(0x4e);
export const v128Bitselect = simd(0x52);
export const f32x4Eq = simd(0x41);
export const f32x4Lt = simd(0x43);
export const f32x4Ge = simd(0x46);
export const f32x4Nearest = simd(0x6a);
export const i32x4Shl = simd(0xab);
export const i32x4Add = simd(0xae);
export const i32x4TruncSatF32x4S = simd(0xf8);
export const f32x4Add = simd(0xe4);
export const f32x4Sub = simd(0xe5);
export const f32x4Mul = simd(0xe6);
export const f32x4Max = simd(0xe9);
export const f32x4Min = simd(0xe8);
export const f32x4Div = simd(0xe7);
/** `f32x4.pmin(a, b) = b < a ? b : a` per lane (one `minps` on x64; `f32x4.min`'s NaN and ±0 rules cost ≈ 8). */
export const f32x4Pmin = simd(0xea);
/** `f32x4.pmax(a, b) = a < b ? b : a` per lane (one `maxps` on x64). */
export const f32x4Pmax = simd(0xeb);
export const f32x4Sqrt = simd(0xe3);
/** Relaxed SIMD `f32x4.relaxed_madd`: `a·b + c`, fused or not (the engine decides). */
export const f32x4RelaxedMadd = simd(0x105);
/** `v128.const` of four equal f32 lanes. */
export const f32x4Const = (value: number): number[] => {
  const bytes = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
  return wasm.v128Const(Array.from(bytes));
};
/** `v128.const` of four equal i32 lanes. */
export const i32x4Const = (value: number): number[] => {
  const bytes = new Uint8Array(new Int32Array([value, value, value, value]).buffer);
  return wasm.v128Const(Array.from(bytes));
};

// ---- structured helpers -------------------------------------------------------------------------

/**
 * `for (i = from; i < to; i += step) body` over an i32 local (signed comparison). `body` sits two
 * labels deep (a block and a loop): its own branches must count them.
 */
export function forRange(i: number, from: Code, to: Code, step: number, body: Code): number[] {
  return [
    ...from,
    ...wasm.localSet(i),
    ...wasm.block,
    ...wasm.loop,
    ...wasm.localGet(i),
    ...to,
    ...i32GeS,
    ...wasm.brIf(1),
    ...body,
    ...wasm.localGet(i),
    ...wasm.i32Const(step),
    ...wasm.i32Add,
    ...wasm.localSet(i),
    ...wasm.br(0),
    ...wasm.end,
    ...wasm.end,
  ];
}

/** `a + b` of two i32 code fragments. */
export const add = (a: Code, b: Code): number[] => [...a, ...b, ...wasm.i32Add];
/** `a · b` of two i32 code fragments. */
export const mul = (a: Code, b: Code): number[] => [...a, ...b, ...wasm.i32Mul];
/** `a − b` of two i32 code fragments. */
export const sub = (a: Code, b: Code): number[] => [...a, ...b, ...wasm.i32Sub];
/** An i32 constant. */
export const int = (value: number): number[] => wasm.i32Const(value);
/** `local.get`. */
export const get = (local: number): number[] => wasm.localGet(local);

// ---- the module ---------------------------------------------------------------------------------

/** One exported function: i32 parameters only, no results. */
export interface KernelFunction {
  readonly name: string;
  /** Number of i32 parameters (locals `0 … params − 1`). */
  readonly params: number;
  /** Further locals as runs of `[count, type]`, numbered after the parameters. */
  readonly locals: readonly (readonly [count: number, type: wasm.ValueType])[];
  /** The instructions, ending with the function's final `end`. */
  readonly body: Code;
}

const name = (text: string) => {
  const bytes = Array.from(new TextEncoder().encode(text));
  return [...uleb(bytes.length), ...bytes];
};
const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const vector = (entries: readonly (readonly number[])[]) => [...uleb(entries.length), ...entries.flat()];

/** `global.get` of a module global. */
export const globalGet = (index: number): number[] => [0x23, ...uleb(index)];

/**
 * A module of several exported functions (`(i32 …) → ()`) over the imported shared memory
 * `env.memory` (limits: `minPages … maxPages`, shared). `globals`: mutable v128 globals `0 … n − 1`,
 * each initialised by its `v128.const` code. A function that copies a global into a local before a
 * loop keeps the constant in a register or stack slot; a `v128.const` (or a local set from one, which
 * V8's optimising compiler folds back into the constant) is rematerialised at every use — three
 * instructions on x64 — and a mutable global is not folded.
 */
export function assembleSharedModule(
  functions: readonly KernelFunction[],
  minPages: number,
  maxPages: number,
  globals: readonly Code[] = [],
): Uint8Array {
  const types = functions.map((f) => [0x60, ...vector(new Array(f.params).fill([wasm.I32])), ...vector([])]);
  const bodies = functions.map((f) => {
    if (f.body.at(-1) !== wasm.end[0]) throw new Error(`assembleSharedModule: ${f.name} must end with \`end\``);
    const code = [...vector(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector(types)),
    // import env.memory: memory type, limits flag 0x03 = shared with a maximum
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(minPages), ...uleb(maxPages)]])),
    ...section(3, vector(functions.map((_, i) => uleb(i)))),
    ...(globals.length ? section(6, vector(globals.map((init) => [wasm.V128, 0x01, ...init, ...wasm.end]))) : []),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vector(bodies)),
  ]);
}
