import type { Csr } from '../rewards/csr.js';
import type { ListBatch } from '../rewards/list-batch.js';

/** A source of uniform random numbers in [0, 1) (e.g. `Random` from `@bladerec/data`). */
export interface RandomSource {
  nextFloat(): number;
}

/** How lists are sampled. */
export interface SampleOptions {
  /** Lists per context (N). */
  readonly n: number;
  /** Items per list (K). */
  readonly length: number;
  /** Softmax temperature (default 1). */
  readonly temperature?: number;
  /** Nucleus sampling mass in (0, 1] (default 1 = off). */
  readonly topP?: number;
  /** Never recommend an item of the user's history (default false). */
  readonly excludeHistory?: boolean;
  readonly random: RandomSource;
}

/** Sampled lists, grouped by context: row `c·N + i` is the i-th list of context c. */
export interface SampledLists {
  /** `B·N` lists of `K` distinct, valid items. */
  readonly lists: ListBatch;
  /**
   * Log-probability of each list under the policy at temperature 1 with the same masks
   * (`Σ_t log π(y_t | x, y_<t)`), whatever temperature/top-p sampled it.
   */
  readonly logProb: Float64Array;
  /** Per-token log-probabilities, `B·N × K`. */
  readonly tokenLogProbs: Float32Array;
}

/** How deterministic top-K lists are decoded for evaluation. */
export interface DecodeOptions {
  readonly length: number;
  /** 1 = greedy; > 1 = beam search with this width (default 1). */
  readonly beamWidth?: number;
  readonly excludeHistory?: boolean;
}

/**
 * A generative list policy: given users' histories it generates lists of K distinct, valid items
 * autoregressively, scores given lists and decodes top-K lists. The built-in implementation is the
 * transformer of `@bladerec/trainer`; other policies (e.g. an external LLM behind an adapter) can
 * implement this contract to be sampled, evaluated and used for Best-of-N inference.
 *
 * Contexts are histories as a {@link Csr} of catalog indices, oldest first.
 */
export interface Policy {
  /** Size of the item space. */
  readonly numItems: number;
  sample(contexts: Csr, options: SampleOptions): Promise<SampledLists>;
  /** `log π(list | context)` for row-aligned contexts and lists (masks as in sampling). */
  logProb(contexts: Csr, lists: ListBatch, options?: { excludeHistory?: boolean }): Promise<Float64Array>;
  decode(contexts: Csr, options: DecodeOptions): Promise<ListBatch>;
}
