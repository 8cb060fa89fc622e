import type { PriorStore, PriorStoreState, RewardPrior } from '@bladerec/core';

/** One prior-store mutation, as {@link PriorStore.update} or {@link PriorStore.seed} received it. */
export interface PriorOp {
  readonly op: 'update' | 'seed';
  readonly key: number;
  readonly rewards: readonly number[];
}

/** Applies recorded operations to a store, in order. */
export function applyOps(store: PriorStore, ops: readonly PriorOp[]): void {
  for (const { op, key, rewards } of ops) {
    if (op === 'update') store.update(key, rewards);
    else store.seed(key, rewards);
  }
}

/**
 * A {@link PriorStore} that reads from `base` and records every mutation instead of applying it: a
 * request computes its targets on the current state and hands its updates to the backend, which
 * applies them atomically (in-process, or on Redis for every replica).
 */
export class RecordingPriorStore implements PriorStore {
  readonly ops: PriorOp[] = [];
  constructor(private readonly base: PriorStore) {}
  get kind(): string {
    return this.base.kind;
  }
  get size(): number {
    return this.base.size;
  }
  prior(key: number): RewardPrior {
    return this.base.prior(key);
  }
  update(key: number, rewards: ArrayLike<number>): void {
    this.ops.push({ op: 'update', key, rewards: Array.from(rewards) });
  }
  seed(key: number, rewards: ArrayLike<number>): void {
    this.ops.push({ op: 'seed', key, rewards: Array.from(rewards) });
  }
  save(): PriorStoreState {
    return this.base.save();
  }
  load(): void {
    throw new Error('a recording prior store cannot load a state');
  }
}

/** What a transaction returns: its result and the prior updates to apply. */
export interface Transaction<R> {
  readonly result: R;
  readonly ops: readonly PriorOp[];
}

/**
 * Where the prior store of `blade serve` lives. {@link transact} runs `fn` on the current state and
 * applies its operations so that, over all replicas, transactions are serialisable: each one saw
 * exactly the updates acknowledged before it (`fn` may run again when another replica won the race).
 * The reply to a request is sent only after its updates are stored.
 */
export interface PriorBackend {
  /** Which backend (`memory`, `redis`). */
  readonly kind: string;
  /** Runs `fn` and stores its operations; returns the result and the version (operation batches so far). */
  transact<R>(fn: (store: PriorStore) => Transaction<R>): Promise<{ result: R; version: number }>;
  /** The number of operation batches applied so far. */
  readonly version: number;
  /** Flushes (snapshot, connections) and releases resources. */
  close(): Promise<void>;
}
