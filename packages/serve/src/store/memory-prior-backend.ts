import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { PriorStore, PriorStoreState } from '@bladerec/core';
import { BladeUserError } from '@bladerec/core';
import { applyOps, type PriorBackend, RecordingPriorStore, type Transaction } from './prior-backend.js';

/** The snapshot file of a {@link MemoryPriorBackend}. */
interface PriorSnapshot {
  readonly kind: 'bladerec-prior-snapshot';
  readonly version: number;
  readonly state: PriorStoreState;
}

/**
 * The prior store in this process. With a snapshot file, the state is restored from it on start and
 * written atomically (a temporary file in the same folder, then `rename`, so a crash leaves the old
 * or the new snapshot, never half of one) at most every `everyMs` while updates arrive, and on close.
 * Updates acknowledged after the last snapshot are lost if the process dies: use the Redis backend
 * when that matters.
 */
export class MemoryPriorBackend implements PriorBackend {
  readonly kind = 'memory';
  private applied = 0;
  private timer?: NodeJS.Timeout;
  private dirty = false;

  constructor(
    private readonly store: PriorStore,
    private readonly snapshot?: { readonly file: string; readonly everyMs: number },
  ) {
    if (snapshot) this.restore(snapshot.file);
  }

  get version(): number {
    return this.applied;
  }

  async transact<R>(fn: (store: PriorStore) => Transaction<R>): Promise<{ result: R; version: number }> {
    const recorder = new RecordingPriorStore(this.store);
    const { result, ops } = fn(recorder);
    applyOps(this.store, [...recorder.ops, ...ops]);
    this.applied++;
    this.scheduleSnapshot();
    return { result, version: this.applied };
  }

  /** Writes the snapshot now (temp file + rename). */
  writeSnapshot(): void {
    if (!this.snapshot) return;
    const doc: PriorSnapshot = { kind: 'bladerec-prior-snapshot', version: this.applied, state: this.store.save() };
    const temp = `${this.snapshot.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(doc));
    renameSync(temp, this.snapshot.file);
    this.dirty = false;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dirty) this.writeSnapshot();
  }

  private scheduleSnapshot(): void {
    if (!this.snapshot) return;
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.writeSnapshot();
    }, this.snapshot.everyMs);
    this.timer.unref();
  }

  private restore(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new BladeUserError(`cannot read the prior snapshot (${(error as NodeJS.ErrnoException).code})`, { file });
    }
    let doc: PriorSnapshot;
    try {
      doc = JSON.parse(text) as PriorSnapshot;
    } catch {
      throw new BladeUserError('the prior snapshot is not valid JSON', { file });
    }
    if (doc?.kind !== 'bladerec-prior-snapshot') throw new BladeUserError('not a bladerec prior snapshot', { file });
    if (doc.state.kind !== this.store.kind) {
      throw new BladeUserError(
        `the snapshot holds a '${doc.state.kind}' prior but the config's prior is '${this.store.kind}'`,
        { file },
      );
    }
    this.store.load(doc.state);
    this.applied = doc.version;
  }
}
