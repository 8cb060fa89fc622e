import { KernelPool, MAX_PAGES, type PoolModule } from './kernel-pool.js';
import { DENSE_FUNCTIONS, denseKernelModule } from './dense-kernel-module.js';
import { usesFusedKernels } from './fused-backends.js';

/**
 * Whether layer norm, bias + GELU and the AdamW update use the dense kernels: where the fused kernels are on
 * ({@link usesFusedKernels}) unless `BLADE_DENSE_KERNELS=0` (which keeps only the vocabulary op fused, to
 * measure the dense kernels' share).
 */
export function usesDenseKernels(): boolean {
  return usesFusedKernels() && process.env['BLADE_DENSE_KERNELS'] !== '0';
}

const ALIGN = 64;
const round = (x: number, m: number) => Math.ceil(x / m) * m;

/** Checks that `rows × width` matches the operands and that the width suits the SIMD rows. */
function checkShape(what: string, rows: number, width: number, ...sized: [Float32Array, number][]): void {
  if (!(Number.isInteger(rows) && rows >= 0 && Number.isInteger(width) && width > 0 && width % 4 === 0))
    throw new RangeError(`${what}: shape [${rows}, ${width}] needs a positive width that is a multiple of 4`);
  for (const [array, size] of sized)
    if (array.length !== size)
      throw new RangeError(`${what}: an operand has ${array.length} entries, expected ${size}`);
}

/**
 * The row-wise training kernels of `dense-kernel-module.ts` — layer norm and bias + GELU, forward and
 * backward — on the calling thread: each call copies its operands into a private WebAssembly memory,
 * runs one SIMD function over all rows and copies the results out. These ops touch 10⁴–10⁵ floats per
 * call, tens of microseconds of work: handing half of it to a worker thread would cost as much as it
 * saves (and far more on a loaded machine, where the partner thread may be descheduled), so they run
 * on one thread (a one-thread {@link KernelPool}: no workers) and are deterministic by construction.
 * Widths must be multiples of 4 (the ops fall back to the composed tfjs ops otherwise).
 */
export class DenseKernels {
  private readonly module: PoolModule;
  /** Wall time in each kernel (ms: the copies in and the kernel, not the copies out) and calls, for profiles. */
  readonly timing = { layerNorm: 0, gelu: 0, attention: 0, calls: 0 };

  constructor(readonly pool: KernelPool = new KernelPool(1)) {
    this.module = pool.load(denseKernelModule(1, MAX_PAGES), DENSE_FUNCTIONS);
  }

  /** Reserves consecutive 64-byte-aligned buffers of the given float counts; returns their byte offsets. */
  private layout(...floats: number[]): { offsets: number[]; f32: Float32Array } {
    const offsets: number[] = [];
    let at = 0;
    for (const n of floats) {
      offsets.push(at);
      at = round(at + Math.max(n, 1) * 4, ALIGN);
    }
    this.pool.reserve(at);
    return { offsets, f32: new Float32Array(this.pool.memory.buffer) };
  }

  private call(fn: (typeof DENSE_FUNCTIONS)[number], args: number[]): void {
    this.pool.run(this.module, fn, [args]);
  }

  /**
   * Layer norm over the last axis of `x` `[rows, d]`: `y = γ ⊙ (x − μ)/√(σ² + ε) + β` and each row's `μ`
   * and `rstd = 1/√(σ² + ε)` (biased variance, two passes), which {@link layerNormBackward} takes.
   */
  layerNormForward(
    x: Float32Array,
    gamma: Float32Array,
    beta: Float32Array,
    rows: number,
    d: number,
    epsilon: number,
  ): { y: Float32Array; mean: Float32Array; rstd: Float32Array } {
    const started = performance.now();
    checkShape('layer norm', rows, d, [x, rows * d], [gamma, d], [beta, d]);
    const n = rows * d;
    const {
      offsets: [ox, og, ob, oy, om, or, op],
      f32,
    } = this.layout(n, d, d, n, rows, rows, 2);
    f32.set(x, ox! / 4);
    f32.set(gamma, og! / 4);
    f32.set(beta, ob! / 4);
    f32[op! / 4] = epsilon;
    f32[op! / 4 + 1] = d;
    this.call('lnForward', [ox!, og!, ob!, oy!, om!, or!, 0, rows, d, op!]);
    this.timing.layerNorm += performance.now() - started;
    this.timing.calls++;
    return {
      y: f32.slice(oy! / 4, oy! / 4 + n),
      mean: f32.slice(om! / 4, om! / 4 + rows),
      rstd: f32.slice(or! / 4, or! / 4 + rows),
    };
  }

  /** Gradients of {@link layerNormForward} for upstream `dy` `[rows, d]`: `dx` `[rows, d]`, `dgamma`, `dbeta` `[d]`. */
  layerNormBackward(
    dy: Float32Array,
    x: Float32Array,
    gamma: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    rows: number,
    d: number,
  ): { dx: Float32Array; dgamma: Float32Array; dbeta: Float32Array } {
    const started = performance.now();
    const n = rows * d;
    checkShape('layer norm backward', rows, d, [dy, n], [x, n], [gamma, d], [mean, rows], [rstd, rows]);
    const {
      offsets: [ody, ox, og, om, or, odx, odg, odb, op],
      f32,
    } = this.layout(n, n, d, rows, rows, n, d, d, 2);
    f32.set(dy, ody! / 4);
    f32.set(x, ox! / 4);
    f32.set(gamma, og! / 4);
    f32.set(mean, om! / 4);
    f32.set(rstd, or! / 4);
    f32.fill(0, odg! / 4, odg! / 4 + d);
    f32.fill(0, odb! / 4, odb! / 4 + d);
    f32[op! / 4 + 1] = d;
    this.call('lnBackward', [ody!, ox!, og!, om!, or!, odx!, odg!, odb!, 0, rows, d, op!]);
    this.timing.layerNorm += performance.now() - started;
    this.timing.calls++;
    return {
      dx: f32.slice(odx! / 4, odx! / 4 + n),
      dgamma: f32.slice(odg! / 4, odg! / 4 + d),
      dbeta: f32.slice(odb! / 4, odb! / 4 + d),
    };
  }

  /** `gelu(x + b)` for `x` `[rows, width]` and `b` `[width]` (tanh GELU). */
  geluForward(x: Float32Array, b: Float32Array, rows: number, width: number): Float32Array {
    const started = performance.now();
    const n = rows * width;
    checkShape('bias + GELU', rows, width, [x, n], [b, width]);
    const {
      offsets: [ox, ob, oy],
      f32,
    } = this.layout(n, width, n);
    f32.set(x, ox! / 4);
    f32.set(b, ob! / 4);
    this.call('geluForward', [ox!, ob!, oy!, 0, rows, width]);
    this.timing.gelu += performance.now() - started;
    this.timing.calls++;
    return f32.slice(oy! / 4, oy! / 4 + n);
  }

  /** Gradients of {@link geluForward} for upstream `dy`: `dx` `[rows, width]` and `db = Σ_rows dx` `[width]`. */
  geluBackward(
    dy: Float32Array,
    x: Float32Array,
    b: Float32Array,
    rows: number,
    width: number,
  ): { dx: Float32Array; db: Float32Array } {
    const started = performance.now();
    const n = rows * width;
    checkShape('bias + GELU backward', rows, width, [dy, n], [x, n], [b, width]);
    const {
      offsets: [ody, ox, ob, odx, odb],
      f32,
    } = this.layout(n, n, width, n, width);
    f32.set(dy, ody! / 4);
    f32.set(x, ox! / 4);
    f32.set(b, ob! / 4);
    f32.fill(0, odb! / 4, odb! / 4 + width);
    this.call('geluBackward', [ody!, ox!, ob!, odx!, odb!, 0, rows, width]);
    this.timing.gelu += performance.now() - started;
    this.timing.calls++;
    return { dx: f32.slice(odx! / 4, odx! / 4 + n), db: f32.slice(odb! / 4, odb! / 4 + width) };
  }

  /**
   * Multi-head attention of `B` sequences of `T` tokens with an additive score bias: `q`, `k`, `v` `[B·T, H·dh]`
   * (head h in columns `h·dh …`), `bias` `[B·H, T, T]`; `o_i = Σ_j softmax_j(q_i·k_j·scale + bias_ij) v_j` per
   * sequence and head, `o` `[B·T, H·dh]`. Also returns the probabilities `p` (`[B·H, T, Tp]`, rows padded to
   * `Tp` = T rounded up to 4 with zeros) for {@link attentionBackward}. A bias of −∞ (or a large negative
   * number) hides a key; every row needs one visible key.
   */
  attentionForward(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    bias: Float32Array,
    B: number,
    T: number,
    H: number,
    scale: number,
  ): { o: Float32Array; p: Float32Array } {
    const started = performance.now();
    const width = q.length / Math.max(1, B * T);
    const dh = width / H;
    checkShape('attention', B * T, dh, [q, B * T * H * dh], [k, q.length], [v, q.length], [bias, B * H * T * T]);
    const Tp = round(T, 4);
    const n = q.length;
    const {
      offsets: [oq, ok, ov, op, oo, os],
      f32,
    } = this.layout(n, n, n, B * H * T * Tp, n, 1);
    f32.set(q, oq! / 4);
    f32.set(k, ok! / 4);
    f32.set(v, ov! / 4);
    if (Tp === T) f32.set(bias, op! / 4);
    else {
      for (let r = 0; r < B * H * T; r++) {
        f32.set(bias.subarray(r * T, (r + 1) * T), op! / 4 + r * Tp);
        f32.fill(-Infinity, op! / 4 + r * Tp + T, op! / 4 + (r + 1) * Tp);
      }
    }
    f32[os! / 4] = scale;
    this.call('attnForward', [oq!, ok!, ov!, op!, oo!, B, T, H, dh, Tp, os!]);
    this.timing.attention += performance.now() - started;
    this.timing.calls++;
    return { o: f32.slice(oo! / 4, oo! / 4 + n), p: f32.slice(op! / 4, op! / 4 + B * H * T * Tp) };
  }

  /** Gradients of {@link attentionForward} for upstream `dO` `[B·T, H·dh]`, given its probabilities `p`. */
  attentionBackward(
    dO: Float32Array,
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    p: Float32Array,
    B: number,
    T: number,
    H: number,
    scale: number,
  ): { dq: Float32Array; dk: Float32Array; dv: Float32Array } {
    const started = performance.now();
    const n = q.length;
    const dh = n / Math.max(1, B * T) / H;
    const Tp = round(T, 4);
    checkShape('attention backward', B * T, dh, [dO, n], [k, n], [v, n], [p, B * H * T * Tp]);
    const {
      offsets: [odo, oq, ok, ov, op, odq, odk, odv, odp, os],
      f32,
    } = this.layout(n, n, n, n, B * H * T * Tp, n, n, n, Tp, 1);
    f32.set(dO, odo! / 4);
    f32.set(q, oq! / 4);
    f32.set(k, ok! / 4);
    f32.set(v, ov! / 4);
    f32.set(p, op! / 4);
    f32.fill(0, odk! / 4, odk! / 4 + n);
    f32.fill(0, odv! / 4, odv! / 4 + n);
    f32[os! / 4] = scale;
    this.call('attnBackward', [odo!, oq!, ok!, ov!, op!, odq!, odk!, odv!, odp!, B, T, H, dh, Tp, os!]);
    this.timing.attention += performance.now() - started;
    this.timing.calls++;
    return {
      dq: f32.slice(odq! / 4, odq! / 4 + n),
      dk: f32.slice(odk! / 4, odk! / 4 + n),
      dv: f32.slice(odv! / 4, odv! / 4 + n),
    };
  }
}

let shared: DenseKernels | undefined;

/** The process-wide {@link DenseKernels} (created on first use). */
export function sharedDenseKernels(): DenseKernels {
  shared ??= new DenseKernels();
  return shared;
}
