/**
 * A small seeded pseudo-random generator (Mulberry32, 32-bit state). Only 32-bit integer
 * arithmetic (`Math.imul`, shifts) is used for the state, so a seed gives the same sequence on
 * every platform and Node version. Used for splits, the synthetic generator and random projections;
 * `Math.random` is never used.
 */
export class Random {
  private state: number;

  /** @param seed any integer; only its low 32 bits matter. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An unbiased integer in [0, n) (rejection sampling), for 1 ≤ n ≤ 2³². */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) throw new RangeError(`nextInt: bad bound ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A standard normal variate (Box–Muller; uses one pair of uniforms per call). */
  normal(): number {
    const u = 1 - this.nextFloat();
    const v = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `array` in place (Fisher–Yates from the end) and returns it. */
  shuffle<T>(array: T[]): T[] {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const tmp = array[i]!;
      array[i] = array[j]!;
      array[j] = tmp;
    }
    return array;
  }

  /** Index drawn with probability proportional to `weights[i]` (non-negative, not all zero). */
  pickWeighted(weights: ArrayLike<number>, total?: number): number {
    let sum = total ?? 0;
    if (total === undefined) for (let i = 0; i < weights.length; i++) sum += weights[i]!;
    let r = this.nextFloat() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i]! > 0) return i;
    throw new RangeError('pickWeighted: all weights are zero');
  }

  /** The generator's 32-bit state, for checkpoints; {@link setState} resumes the same sequence. */
  getState(): number {
    return this.state;
  }

  /** Restores a state returned by {@link getState}. */
  setState(state: number): void {
    if (!Number.isInteger(state)) throw new RangeError(`setState: bad state ${state}`);
    this.state = state >>> 0;
  }
}
