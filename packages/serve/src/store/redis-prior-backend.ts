import type { PriorStore } from '@bladerec/core';
import { BladeUserError } from '@bladerec/core';
import { createClient } from 'redis';
import { applyOps, type PriorBackend, type PriorOp, RecordingPriorStore, type Transaction } from './prior-backend.js';

/**
 * Appends one batch of operations to the log only when the log still has the length the replica
 * computed on (compare-and-append, atomic on the server: Redis runs a script without interleaving).
 * Returns the new length, or −1 when another replica appended first.
 */
const APPEND_IF_LENGTH = `
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[1]) then return -1 end
return redis.call('RPUSH', KEYS[1], ARGV[2])
`;

/** What {@link RedisPriorBackend.connect} takes. */
export interface RedisPriorOptions {
  readonly url: string;
  /** Key prefix; replicas with one prefix share one prior. */
  readonly prefix: string;
  /** The prior/evidence/target settings: replicas with other settings refuse the prefix. */
  readonly settings: unknown;
  /** Retries of a transaction that lost the race to other replicas before the request fails. */
  readonly maxRetries?: number;
}

/**
 * The prior store shared by replicas through Redis, as a replicated log: the list `<prefix>:log` holds
 * every acknowledged batch of prior updates in order; each replica applies the log to its own
 * {@link PriorStore} (the same `update`/`seed` code the trainer runs), computes a request's targets on
 * the state at log length L, and appends its batch with a Lua script that succeeds only if the log
 * still has length L (else it catches up and recomputes). Transactions are therefore serialisable
 * over all replicas, the prior math stays in one implementation (`@bladerec/estimators`), and a reply
 * is sent only after its batch is in Redis. A restarted or new replica replays the log. Durability
 * is Redis's: run it with `appendonly yes` and `appendfsync always` (or `everysec`: at most about a
 * second of acknowledged updates lost on a power failure); docs/serving.md.
 */
export class RedisPriorBackend implements PriorBackend {
  readonly kind = 'redis';
  private applied = 0;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly client: ReturnType<typeof createClient>,
    private readonly store: PriorStore,
    private readonly logKey: string,
    private readonly maxRetries: number,
  ) {}

  /** Connects, checks that the prefix holds a prior with the same settings, and replays the log. */
  static async connect(store: PriorStore, options: RedisPriorOptions): Promise<RedisPriorBackend> {
    const client = createClient({ url: options.url });
    client.on('error', () => {}); // reconnects on its own; commands fail while it cannot
    try {
      await client.connect();
    } catch (error) {
      throw new BladeUserError(`cannot connect to Redis at ${options.url} (${(error as Error).message})`);
    }
    const settings = JSON.stringify(options.settings);
    const settingsKey = `${options.prefix}:settings`;
    await client.set(settingsKey, settings, { condition: 'NX' });
    const stored = await client.get(settingsKey);
    if (stored !== settings) {
      await client.close();
      throw new BladeUserError(
        `Redis prefix '${options.prefix}' holds a prior with other settings (${stored}); use another serve.store.prefix`,
      );
    }
    const backend = new RedisPriorBackend(client, store, `${options.prefix}:log`, options.maxRetries ?? 100);
    await backend.catchUp();
    return backend;
  }

  get version(): number {
    return this.applied;
  }

  transact<R>(fn: (store: PriorStore) => Transaction<R>): Promise<{ result: R; version: number }> {
    // one transaction at a time per replica; replicas race through the compare-and-append
    const run = this.queue.then(() => this.attempt(fn));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.client.close();
  }

  private async attempt<R>(fn: (store: PriorStore) => Transaction<R>): Promise<{ result: R; version: number }> {
    for (let attempt = 0; attempt <= this.maxRetries; attempt++) {
      await this.catchUp();
      const recorder = new RecordingPriorStore(this.store);
      const { result, ops } = fn(recorder);
      const batch: PriorOp[] = [...recorder.ops, ...ops];
      const reply = await this.client.sendCommand([
        'EVAL',
        APPEND_IF_LENGTH,
        '1',
        this.logKey,
        String(this.applied),
        JSON.stringify(batch),
      ]);
      if (Number(reply) === this.applied + 1) {
        applyOps(this.store, batch);
        this.applied++;
        return { result, version: this.applied };
      }
    }
    throw new Error(`the prior log kept moving: ${this.maxRetries + 1} attempts lost the race to other replicas`);
  }

  /** Applies the batches other replicas appended since the last call. */
  private async catchUp(): Promise<void> {
    const entries = await this.client.lRange(this.logKey, this.applied, -1);
    for (const entry of entries) {
      applyOps(this.store, JSON.parse(entry) as PriorOp[]);
      this.applied++;
    }
  }
}
