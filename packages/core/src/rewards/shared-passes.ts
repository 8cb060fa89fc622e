import type { RewardInputs } from './reward-inputs.js';

/**
 * A computation over a batch of reward inputs that several rewards need — e.g. where each list hits its
 * relevant items, which NDCG, Recall, HR, MRR, Precision … all start from. Two passes with the same `key`
 * must compute the same value from the same inputs (the key names the computation and its parameters).
 * `run` may take its output arrays from `passes` ({@link SharedPasses.int32}).
 */
export interface SharedPass<T> {
  readonly key: string;
  run(inputs: RewardInputs, passes?: SharedPasses): T;
}

/** Released pass buffers, for later batches (process-wide; at most {@link FREE_MAX_BYTES} kept). */
const free: Int32Array[] = [];
const FREE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The shared passes of one batch: each {@link SharedPass} runs at most once, on first request, and its
 * result is handed to every later requester. The evaluator makes one per `evaluate` call and passes it to
 * every list reward (`ListReward.score(inputs, out, passes)`), so rewards that need the same intermediate
 * share it without knowing about each other. Results are read-only for the rewards; never keep a
 * `SharedPasses` beyond the batch it was made for. Whoever made it may {@link release} it after the batch,
 * so that the next batch's passes write into memory that is already mapped.
 */
export class SharedPasses {
  private readonly results = new Map<string, unknown>();
  private readonly buffers: Int32Array[] = [];
  private released = false;

  constructor(readonly inputs: RewardInputs) {}

  /** The result of `pass` on this batch (computed now if no earlier request ran a pass with its key). */
  get<T>(pass: SharedPass<T>): T {
    if (this.released) throw new Error('SharedPasses: used after release()');
    if (!this.results.has(pass.key)) this.results.set(pass.key, pass.run(this.inputs, this));
    return this.results.get(pass.key) as T;
  }

  /**
   * An `Int32Array` of `length` ints (contents unspecified) for a pass's result, valid until {@link release}:
   * a buffer an earlier batch released when one is large enough, else a new one. A fresh multi-megabyte array
   * costs its page faults on first write — as much as a cheap pass (measured: ≈ 1.5 ms for the 4 MB of hits of
   * a million lists, against ≈ 4 ms for the scan itself on two threads).
   */
  int32(length: number): Int32Array {
    if (this.released) throw new Error('SharedPasses: used after release()');
    const at = free.findIndex((b) => b.length >= length);
    const buffer = at >= 0 ? free.splice(at, 1)[0]! : new Int32Array(length);
    this.buffers.push(buffer);
    return buffer.length === length ? buffer : buffer.subarray(0, length);
  }

  /**
   * Ends the batch: hands the buffers of {@link int32} back for later batches. No result of this
   * `SharedPasses` may be read afterwards (they may be overwritten); idempotent. Optional: without it the
   * buffers are simply garbage-collected.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    let bytes = free.reduce((n, b) => n + b.byteLength, 0);
    for (const buffer of this.buffers) {
      if (bytes + buffer.byteLength > FREE_MAX_BYTES) break;
      free.push(buffer);
      bytes += buffer.byteLength;
    }
    this.buffers.length = 0;
  }

  /** Keys of the passes computed so far (for tests and profiles). */
  computed(): string[] {
    return [...this.results.keys()];
  }
}
