import './webassembly-api.js';
import { wasm } from '@bladerec/core/internal';
import { f32x4Add, f32x4RelaxedMadd } from './simd-code.js';

const DROP = [0x1a];

/** A module whose only function runs `body` (which leaves nothing on the stack). */
const probe = (body: number[]) =>
  wasm.assembleModule({
    params: [],
    results: [],
    locals: [],
    body: [...body, ...wasm.end],
    exportName: 'f',
    memory: 'import',
  });

let simd: boolean | undefined;
let relaxed: boolean | undefined;

/** Whether this engine validates 128-bit SIMD (`f32x4.add`); without it the fused kernels are off. */
export function simdSupported(): boolean {
  simd ??= WebAssembly.validate(probe([...wasm.v128Zero, ...wasm.v128Zero, ...f32x4Add, ...DROP]));
  return simd;
}

/**
 * Whether this engine validates relaxed SIMD (`f32x4.relaxed_madd`; Node 20 only with
 * `--experimental-wasm-relaxed-simd`). Set `BLADE_KERNEL_RELAXED=0` to keep plain `mul` + `add`.
 */
export function relaxedSimdSupported(): boolean {
  if (process.env['BLADE_KERNEL_RELAXED'] === '0') return false;
  relaxed ??= WebAssembly.validate(
    probe([...wasm.v128Zero, ...wasm.v128Zero, ...wasm.v128Zero, ...f32x4RelaxedMadd, ...DROP]),
  );
  return relaxed;
}
