import { mixSeeds, Random } from '@bladerec/data';

/**
 * The order in which alignment visits its contexts: repeated passes over the split, pass e shuffled
 * by `Random(mixSeeds(seed, e + 1))`. Position p is context `permutation(⌊p/size⌋)[p mod size]`; each
 * pass's permutation is built once and kept until the next pass is reached.
 */
export class ContextOrder {
  private epoch = -1;
  private permutation: number[] = [];

  constructor(
    readonly size: number,
    private readonly seed: number,
  ) {}

  /** The context key at `position` (0-based, over all passes). */
  at(position: number): number {
    const epoch = Math.floor(position / this.size);
    if (epoch !== this.epoch) {
      this.permutation = ContextOrder.permutation(this.size, this.seed, epoch);
      this.epoch = epoch;
    }
    return this.permutation[position % this.size]!;
  }

  /** The shuffled pass `epoch` (the readable definition). */
  static permutation(size: number, seed: number, epoch: number): number[] {
    return new Random(mixSeeds(seed, epoch + 1)).shuffle(Array.from({ length: size }, (_, i) => i));
  }
}
