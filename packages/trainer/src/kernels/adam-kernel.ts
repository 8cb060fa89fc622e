import { KernelPool, MAX_PAGES, type PoolModule } from './kernel-pool.js';
import { DENSE_FUNCTIONS, denseKernelModule } from './dense-kernel-module.js';

const round = (x: number, m: number) => Math.ceil(x / m) * m;
const ALIGN = 64;

/** The scalars of one AdamW update (float64 here; the kernel rounds them to float32, as tfjs scalars are). */
export interface AdamHyper {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  readonly learningRate: number;
  /** The update's step count `t ≥ 1` (bias corrections `cᵢ = 1 − βᵢᵗ`). */
  readonly step: number;
}

/**
 * Process-wide wall time of {@link AdamKernel.update} (ms: copies in, the kernel and the copy out) and calls, for
 * profiles.
 */
export const adamKernelTiming = { update: 0, calls: 0 };

/**
 * The AdamW update of every parameter in one SIMD pass per tensor (`adam` of `dense-kernel-module.ts`), with
 * the two moment estimates kept in this kernel's own WebAssembly memory between steps (only the parameter
 * and its gradient travel per step, and the new parameter back). One thread: the update is memory-bound and
 * its copies cost more than the arithmetic. The arithmetic is the composed `Adam.apply`'s, float32 operation
 * for float32 operation (see {@link adamReference}). Each parameter region is padded to 4 floats with zeros,
 * which the update keeps at 0.
 */
export class AdamKernel {
  private readonly pool = new KernelPool(1);
  private readonly module: PoolModule;
  private readonly m: number[] = [];
  private readonly v: number[] = [];
  private readonly p: number;
  private readonly g: number;
  private readonly param: number;

  constructor(readonly sizes: readonly number[]) {
    this.module = this.pool.load(denseKernelModule(1, MAX_PAGES), DENSE_FUNCTIONS);
    let at = 0;
    const take = (floats: number) => {
      const start = at;
      at = round(at + round(Math.max(floats, 1), 4) * 4, ALIGN);
      return start;
    };
    const largest = Math.max(1, ...sizes);
    this.p = take(largest);
    this.g = take(largest);
    this.param = take(16);
    for (const n of sizes) {
      this.m.push(take(n));
      this.v.push(take(n));
    }
    this.pool.reserve(at);
    new Float32Array(this.pool.memory.buffer).fill(0);
  }

  private get f32(): Float32Array {
    return new Float32Array(this.pool.memory.buffer);
  }

  /** Copies of parameter `i`'s moments. */
  moments(i: number): { m: Float32Array; v: Float32Array } {
    const n = this.sizes[i]!;
    const f32 = this.f32;
    return { m: f32.slice(this.m[i]! / 4, this.m[i]! / 4 + n), v: f32.slice(this.v[i]! / 4, this.v[i]! / 4 + n) };
  }

  /** Overwrites parameter `i`'s moments. */
  setMoments(i: number, m: Float32Array, v: Float32Array): void {
    const n = this.sizes[i]!;
    if (m.length !== n || v.length !== n) throw new RangeError(`adam kernel: parameter ${i} has ${n} entries`);
    this.f32.set(m, this.m[i]! / 4);
    this.f32.set(v, this.v[i]! / 4);
  }

  /** One AdamW update of parameter `i` (`decay`: apply the weight decay) with gradient `g`; returns the new values. */
  update(i: number, p: Float32Array, g: Float32Array, hyper: AdamHyper, decay: boolean): Float32Array {
    const started = performance.now();
    const n = this.sizes[i]!;
    if (p.length !== n || g.length !== n) throw new RangeError(`adam kernel: parameter ${i} has ${n} entries`);
    const f32 = this.f32;
    const n4 = round(n, 4);
    f32.set(p, this.p / 4);
    f32.fill(0, this.p / 4 + n, this.p / 4 + n4);
    f32.set(g, this.g / 4);
    f32.fill(0, this.g / 4 + n, this.g / 4 + n4);
    const { beta1, beta2, epsilon, weightDecay, learningRate, step } = hyper;
    f32.set(
      [beta1, 1 - beta1, beta2, 1 - beta2, 1 - beta1 ** step, 1 - beta2 ** step, epsilon, weightDecay, learningRate],
      this.param / 4,
    );
    this.pool.run(this.module, 'adam', [[this.p, this.g, this.m[i]!, this.v[i]!, n4, this.param, decay ? 1 : 0]]);
    const next = f32.slice(this.p / 4, this.p / 4 + n);
    adamKernelTiming.update += performance.now() - started;
    adamKernelTiming.calls++;
    return next;
  }

  /** Releases the kernel's memory (idempotent). */
  async dispose(): Promise<void> {
    await this.pool.dispose();
  }
}
