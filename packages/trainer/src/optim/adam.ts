import { tf } from '../backend/tf.js';

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
 */
export class Adam {
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private t = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private static instances = 0;

  constructor(private readonly params: ReadonlyMap<string, tf.Variable>, options: AdamOptions = {}) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    // tfjs variable names are global: give every optimizer its own scope
    const scope = `adam${Adam.instances++}`;
    for (const [name, p] of params) {
      this.m.set(name, tf.variable(tf.zerosLike(p), false, `${scope}/m/${name}`));
      this.v.set(name, tf.variable(tf.zerosLike(p), false, `${scope}/v/${name}`));
    }
  }

  /** Number of updates applied so far. */
  get step(): number {
    return this.t;
  }

  /** Applies one update with gradients keyed by parameter name. */
  apply(grads: Readonly<Record<string, tf.Tensor>>, learningRate: number): void {
    this.t++;
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

  async save(): Promise<AdamState> {
    const m = new Map<string, Float32Array>();
    const v = new Map<string, Float32Array>();
    for (const [name, t] of this.m) m.set(name, (await t.data()) as Float32Array);
    for (const [name, t] of this.v) v.set(name, (await t.data()) as Float32Array);
    return { step: this.t, m, v };
  }

  load(state: AdamState): void {
    this.t = state.step;
    for (const [name, t] of this.m) t.assign(tf.tensor(state.m.get(name) ?? missing(name), t.shape));
    for (const [name, t] of this.v) t.assign(tf.tensor(state.v.get(name) ?? missing(name), t.shape));
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

function missing(name: string): never {
  throw new RangeError(`optimizer state has no moments for ${name}`);
}
