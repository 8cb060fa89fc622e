import { tf } from '../backend/tf.js';
import { AdamKernel } from '../kernels/adam-kernel.js';
import { usesDenseKernels } from '../kernels/dense-kernel.js';

/** Serialisable optimizer state: step count and the two moment estimates of every parameter. */
export interface AdamState {
  readonly step: number;
  readonly m: ReadonlyMap<string, Float32Array>;
  readonly v: ReadonlyMap<string, Float32Array>;
}

/** Adam hyper-parameters. */
export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** Decoupled weight decay (AdamW, Loshchilov & Hutter 2019) applied to matrices only. */
  readonly weightDecay?: number;
}

/**
 * Adam with bias correction and optional decoupled weight decay (Kingma & Ba 2015; AdamW). Written
 * here rather than taken from tfjs so that the learning rate can change every step (schedules) and
 * the moments can be saved in and restored from checkpoints exactly.
 *
 *   m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;  θ ← θ − lr (m/(1−β1ᵗ)) / (√(v/(1−β2ᵗ)) + ε) − lr·λ·θ
 *
 * On the backends of `FUSED_KERNEL_BACKENDS` the update of each parameter is one WebAssembly SIMD pass
 * ({@link AdamKernel}, the same float32 operations in the same order) and the moments live in the kernel's
 * memory instead of tfjs variables (moved there on the first such update, and back if a later update runs
 * on another backend); elsewhere (tensorflow, GPU) it is composed of tfjs ops, ≈ 13 kernels per parameter.
 */
export class Adam {
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  /** The moments while the fused update owns them (then `m` and `v` are empty). */
  private kernel: AdamKernel | undefined;
  private readonly scope: string;
  private t = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private static instances = 0;

  constructor(
    private readonly params: ReadonlyMap<string, tf.Variable>,
    options: AdamOptions = {},
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    // tfjs variable names are global: give every optimizer its own scope
    this.scope = `adam${Adam.instances++}`;
    for (const [name, p] of params) {
      this.m.set(name, tf.variable(tf.zerosLike(p), false, `${this.scope}/m/${name}`));
      this.v.set(name, tf.variable(tf.zerosLike(p), false, `${this.scope}/v/${name}`));
    }
  }

  /** Number of updates applied so far. */
  get step(): number {
    return this.t;
  }

  /** Applies one update with gradients keyed by parameter name. */
  apply(grads: Readonly<Record<string, tf.Tensor>>, learningRate: number): void {
    this.t++;
    if (usesDenseKernels()) return this.applyFused(grads, learningRate);
    this.momentsToVariables();
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      for (const [name, p] of this.params) {
        const g = grads[name];
        if (!g) continue;
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        const m1 = tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1));
        const v1 = tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2));
        m.assign(m1);
        v.assign(v1);
        let update = tf.div(tf.div(m1, c1), tf.add(tf.sqrt(tf.div(v1, c2)), this.epsilon));
        if (this.weightDecay > 0 && p.rank >= 2) update = tf.add(update, tf.mul(p, this.weightDecay));
        p.assign(tf.sub(p, tf.mul(update, learningRate)));
      }
    });
  }

  /** The fused update: per parameter with a gradient, one kernel pass; the new values are assigned. */
  private applyFused(grads: Readonly<Record<string, tf.Tensor>>, learningRate: number): void {
    const kernel = this.momentsToKernel();
    const hyper = {
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
      learningRate,
      step: this.t,
    };
    let i = 0;
    tf.tidy(() => {
      for (const [name, p] of this.params) {
        const g = grads[name];
        if (g) {
          const next = kernel.update(
            i,
            p.dataSync() as Float32Array,
            g.dataSync() as Float32Array,
            hyper,
            this.weightDecay > 0 && p.rank >= 2,
          );
          p.assign(tf.tensor(next, p.shape));
        }
        i++;
      }
    });
  }

  /** Moves the moments from the tfjs variables into an {@link AdamKernel} (once). */
  private momentsToKernel(): AdamKernel {
    if (this.kernel) return this.kernel;
    const names = [...this.params.keys()];
    const kernel = new AdamKernel(names.map((name) => this.params.get(name)!.size));
    names.forEach((name, i) =>
      kernel.setMoments(i, this.m.get(name)!.dataSync() as Float32Array, this.v.get(name)!.dataSync() as Float32Array),
    );
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
    this.kernel = kernel;
    return kernel;
  }

  /** Moves the moments back into tfjs variables (when an update runs on a backend without the fused kernels). */
  private momentsToVariables(): void {
    const kernel = this.kernel;
    if (!kernel) return;
    [...this.params].forEach(([name, p], i) => {
      const { m, v } = kernel.moments(i);
      this.m.set(name, tf.variable(tf.tensor(m, p.shape), false, `${this.scope}/m/${name}`));
      this.v.set(name, tf.variable(tf.tensor(v, p.shape), false, `${this.scope}/v/${name}`));
    });
    this.kernel = undefined;
    void kernel.dispose();
  }

  async save(): Promise<AdamState> {
    const m = new Map<string, Float32Array>();
    const v = new Map<string, Float32Array>();
    if (this.kernel) {
      [...this.params.keys()].forEach((name, i) => {
        const moments = this.kernel!.moments(i);
        m.set(name, moments.m);
        v.set(name, moments.v);
      });
    }
    for (const [name, t] of this.m) m.set(name, (await t.data()) as Float32Array);
    for (const [name, t] of this.v) v.set(name, (await t.data()) as Float32Array);
    return { step: this.t, m, v };
  }

  load(state: AdamState): void {
    this.t = state.step;
    if (this.kernel) {
      [...this.params.keys()].forEach((name, i) =>
        this.kernel!.setMoments(i, state.m.get(name) ?? missing(name), state.v.get(name) ?? missing(name)),
      );
    }
    for (const [name, t] of this.m) t.assign(tf.tensor(state.m.get(name) ?? missing(name), t.shape));
    for (const [name, t] of this.v) t.assign(tf.tensor(state.v.get(name) ?? missing(name), t.shape));
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    void this.kernel?.dispose();
    this.kernel = undefined;
  }
}

function missing(name: string): never {
  throw new RangeError(`optimizer state has no moments for ${name}`);
}
