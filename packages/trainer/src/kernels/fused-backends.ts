import { tf } from '../backend/tf.js';
import { simdSupported } from './simd-features.js';

/**
 * The tfjs backends whose vocabulary ops (output projection + log-softmax + cross-entropy, and the
 * sampling draw) run on the fused WebAssembly kernels. The native `tensorflow` backends and the GPU
 * backends keep the composed tfjs ops: their own kernels are faster there, and the data would have to
 * leave the device.
 */
export const FUSED_KERNEL_BACKENDS: ReadonlySet<string> = new Set(['wasm', 'cpu']);

/**
 * Whether the vocabulary ops use the fused kernels on `backend` (default: the current one): a backend
 * of {@link FUSED_KERNEL_BACKENDS}, an engine with WebAssembly SIMD, and `BLADE_FUSED_KERNELS` not `0`
 * (which selects the composed ops everywhere, e.g. to compare the two).
 */
export function usesFusedKernels(backend: string = tf.getBackend()): boolean {
  return FUSED_KERNEL_BACKENDS.has(backend) && process.env['BLADE_FUSED_KERNELS'] !== '0' && simdSupported();
}

/**
 * Whether decoding takes the fused list path ({@link usesFusedKernels} and `BLADE_FUSED_LISTS` not `0`): the
 * context encoding computes the last block only where the list head reads it (the last positions), and on `wasm`
 * the list head's queries stay on the host between slots (`policy/host-list-state.ts`). Both give the same bits
 * as the per-slot tfjs path that `BLADE_FUSED_LISTS=0` selects.
 */
export function usesFusedLists(backend: string = tf.getBackend()): boolean {
  return usesFusedKernels(backend) && process.env['BLADE_FUSED_LISTS'] !== '0';
}
