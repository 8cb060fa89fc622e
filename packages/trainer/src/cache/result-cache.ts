import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transformer } from '../model/transformer.js';
import { codeFingerprint } from './code-fingerprint.js';
import { contentHash } from './content-hash.js';
import { decodeEntry, encodeEntry } from './entry-codec.js';

/** Options of a {@link ResultCache}. */
export interface ResultCacheOptions {
  /** The directory the entries live in (created on the first write). */
  readonly dir: string;
  /**
   * The objective's full spec as configured and validated (terms, weights, normalisation, options): a
   * reward's options live in its plugin's closure, so the instance alone cannot be hashed.
   */
  readonly objective: unknown;
  /** Where the one-line notes go (a hit, a miss, an unreadable or unwritable entry). */
  readonly log?: (line: string) => void;
  /**
   * The entry files of the plugins the run loaded from disk (`LoadedPlugins`): their code is part of the
   * key's code fingerprint, so changing a third-party reward misses instead of returning stale values.
   */
  readonly pluginFiles?: readonly string[];
}

/** Lookups so far. */
export interface ResultCacheCounts {
  /** Lookups answered from a stored entry. */
  hits: number;
  /** Lookups computed (and stored). */
  misses: number;
  /** Misses because an entry was there but unreadable (corrupted, truncated, another format). */
  unreadable: number;
}

/**
 * A content-addressed, on-disk store of an alignment run's pure reference-only computations (the M
 * cached reference rollouts, the Best-of-N ceiling sample, the SFT policy's test evaluation). An
 * entry's key is the SHA-256 of everything the value depends on — the inputs given to {@link memo}
 * (model content, examples, item side, sizes, seed, options), the objective's spec and
 * {@link codeFingerprint} — so a hit returns exactly what the computation would (bit for bit).
 * Writes are atomic (a temporary file in the same folder, then a rename), so concurrent runs never
 * read half an entry; an unreadable entry is recomputed and rewritten with a one-line note, and a
 * failed write only costs the note.
 */
export class ResultCache {
  /** Hits and misses so far (the run reports them). */
  readonly counts: ResultCacheCounts = { hits: 0, misses: 0, unreadable: 0 };
  private fingerprint: string | undefined;
  private readonly digests = new WeakMap<object, string>();

  constructor(private readonly options: ResultCacheOptions) {}

  /** The directory the entries live in. */
  get dir(): string {
    return this.options.dir;
  }

  /** Sets the code fingerprint (once the backend is known); {@link memo} needs it. */
  setCode(tfVersion: string, backend: string): void {
    this.fingerprint = codeFingerprint(tfVersion, backend, this.options.pluginFiles);
  }

  /** {@link contentHash} of a large input (an example list, the item side), memoised per object. */
  digest(value: object): string {
    let d = this.digests.get(value);
    if (d === undefined) this.digests.set(value, (d = contentHash(value)));
    return d;
  }

  /**
   * The digest of a model's content: its config, item count, every parameter tensor and its count-prior
   * tables — what its file stores, less the labels (algorithm, data set name, step) that change no value.
   */
  async modelDigest(model: Transformer): Promise<string> {
    let d = this.digests.get(model);
    if (d === undefined) {
      const content = {
        config: model.config,
        numItems: model.numItems,
        values: await model.values(),
        prior: model.prior,
        lagPriors: model.lagPriors,
      };
      this.digests.set(model, (d = contentHash(content)));
    }
    return d;
  }

  /** The entry key of `kind` with `inputs`. */
  key(kind: string, inputs: unknown): string {
    if (this.fingerprint === undefined) throw new Error('ResultCache: setCode() before the first lookup');
    return contentHash({ kind, inputs, objective: this.options.objective, code: this.fingerprint });
  }

  /**
   * {@link memo} for a computation from `model` over `items`: their digests head the inputs (every
   * reference-only computation of a run depends on both).
   */
  async memoFrom<T>(
    model: Transformer,
    items: object,
    kind: string,
    inputs: Record<string, unknown>,
    compute: () => Promise<T>,
  ): Promise<T> {
    return this.memo(kind, { model: await this.modelDigest(model), items: this.digest(items), ...inputs }, compute);
  }

  /** The stored value of `kind` for `inputs`, or `compute()`'s, stored. */
  async memo<T>(kind: string, inputs: unknown, compute: () => Promise<T>): Promise<T> {
    const key = this.key(kind, inputs);
    const file = join(this.options.dir, kind, `${key}.json`);
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      text = undefined; // no entry yet
    }
    if (text !== undefined) {
      try {
        const value = decodeEntry(key, text) as T;
        this.touch(file);
        this.counts.hits++;
        this.note(`cache: hit ${kind} ${key.slice(0, 12)}`);
        return value;
      } catch (error) {
        this.counts.unreadable++;
        this.note(`cache: warning: unreadable entry ${file} (${(error as Error).message}); recomputing`);
      }
    }
    this.counts.misses++;
    const value = await compute();
    this.store(file, key, value);
    this.note(`cache: miss ${kind} ${key.slice(0, 12)} (stored)`);
    return value;
  }

  private store(file: string, key: string, value: unknown): void {
    const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(temp, encodeEntry(key, value));
      renameSync(temp, file);
    } catch (error) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // the note below says the entry was not written; a stray temporary file is harmless
      }
      this.note(`cache: warning: could not write ${file} (${(error as Error).message}); continuing without it`);
    }
  }

  /** Marks an entry as used now (its mtime), so that `blade cache prune` removes the least recently used first. */
  private touch(file: string): void {
    const now = new Date();
    try {
      utimesSync(file, now, now);
    } catch {
      // a read-only cache still answers; its entries just keep their age
    }
  }

  private note(line: string): void {
    this.options.log?.(line);
  }
}
