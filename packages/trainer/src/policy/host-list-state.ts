import { tf } from '../backend/tf.js';
import { KernelPool } from '../kernels/kernel-pool.js';
import { MatMulKernel } from '../kernels/matmul-kernel.js';
import { usesFusedLists } from '../kernels/fused-backends.js';

let kernel: MatMulKernel | undefined;

/** Wall time of the list-state updates ({@link HostListState.advance}, ms, copies included) and calls, for profiles. */
export const hostListStateTiming = { update: 0, calls: 0 };

/** The GEMM of the list-state update: one thread (a `64 × 64 · 64 × 64` product is ≈ 20 µs: no worker pays). */
function stateKernel(): MatMulKernel {
  return (kernel ??= new MatMulKernel(new KernelPool(1)));
}

/**
 * Whether greedy decoding and sampling keep the list head's queries on the host between slots
 * ({@link HostListState}) instead of a tfjs tensor per slot: with {@link usesFusedLists} (the fused kernels, and
 * `BLADE_FUSED_LISTS` not `0`, which selects the per-slot tfjs update), on `wasm` and for a model width that is a
 * multiple of 8 (the GEMM's). Only on `wasm`: there the GEMM gives the same bits as tfjs-wasm's `matMul`, so the
 * lists are the same either way (the `cpu` backend's blocked sums round differently).
 */
export function usesHostListState(d: number, backend: string = tf.getBackend()): boolean {
  return backend === 'wasm' && d % 8 === 0 && usesFusedLists(backend);
}

/**
 * The list head's queries `q_r = h_r + M·Σ_{j<t} e(y_{r,j})` of a decoding batch, `[R, d]` row-major on the host.
 * {@link advance} adds the slot's update `(E[y] · M)_r` — the product on the WebAssembly GEMM (each entry summed
 * from 0 in the order of `k`, one rounded product per step: tfjs-wasm's `matMul` bits), then one float32 add per
 * entry, as `tf.add(q, tf.matMul(gather(E, y), M))` does. No tensor, no download per slot.
 */
export class HostListState {
  /** The current queries `[R, d]`. */
  readonly q: Float32Array;
  private readonly chosen: Float32Array;

  /**
   * @param states context states `[B, d]` (row-major).
   * @param rows `rows[r]` = the context of row r.
   * @param embedding item embeddings `E` `[V, d]`.
   * @param interaction `M` `[d, d]` (`list.interaction`).
   */
  constructor(
    states: Float32Array,
    rows: ArrayLike<number>,
    private readonly d: number,
    private readonly embedding: Float32Array,
    private readonly interaction: Float32Array,
  ) {
    const R = rows.length;
    this.q = new Float32Array(R * d);
    for (let r = 0; r < R; r++) this.q.set(states.subarray(rows[r]! * d, (rows[r]! + 1) * d), r * d);
    this.chosen = new Float32Array(R * d);
  }

  /** `q_r ← q_r + (e(y_r) · M)` for the items `chosen` `[R]` of this slot. */
  advance(chosen: ArrayLike<number>): void {
    const started = performance.now();
    const { d, q } = this;
    const R = chosen.length;
    for (let r = 0; r < R; r++) this.chosen.set(this.embedding.subarray(chosen[r]! * d, (chosen[r]! + 1) * d), r * d);
    const step = stateKernel().multiply(this.chosen, this.interaction, R, d, d);
    for (let i = 0; i < R * d; i++) q[i] = q[i]! + step[i]!;
    hostListStateTiming.update += performance.now() - started;
    hostListStateTiming.calls++;
  }
}
