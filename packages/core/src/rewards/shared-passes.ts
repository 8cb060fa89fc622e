import type { RewardInputs } from './reward-inputs.js';

/**
 * A computation over a batch of reward inputs that several rewards need — e.g. where each list hits its
 * relevant items, which NDCG, Recall, HR, MRR, Precision … all start from. Two passes with the same `key`
 * must compute the same value from the same inputs (the key names the computation and its parameters).
 */
export interface SharedPass<T> {
  readonly key: string;
  run(inputs: RewardInputs): T;
}

/**
 * The shared passes of one batch: each {@link SharedPass} runs at most once, on first request, and its
 * result is handed to every later requester. The evaluator makes one per `evaluate` call and passes it to
 * every list reward (`ListReward.score(inputs, out, passes)`), so rewards that need the same intermediate
 * share it without knowing about each other. Results are read-only for the rewards; never keep a
 * `SharedPasses` beyond the batch it was made for.
 */
export class SharedPasses {
  private readonly results = new Map<string, unknown>();

  constructor(readonly inputs: RewardInputs) {}

  /** The result of `pass` on this batch (computed now if no earlier request ran a pass with its key). */
  get<T>(pass: SharedPass<T>): T {
    if (!this.results.has(pass.key)) this.results.set(pass.key, pass.run(this.inputs));
    return this.results.get(pass.key) as T;
  }

  /** Keys of the passes computed so far (for tests and profiles). */
  computed(): string[] {
    return [...this.results.keys()];
  }
}
