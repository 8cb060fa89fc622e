import { rmSync } from 'node:fs';
import { type CacheFile, listCacheFiles } from './cache-entries.js';

/** Which entries {@link pruneCache} removes. At least one of `maxBytes` and `olderThanMs` must be given. */
export interface PruneOptions {
  /** Keep at most this many bytes of entries: the least recently used go first. */
  readonly maxBytes?: number;
  /** Remove every entry not used for this long (ms). */
  readonly olderThanMs?: number;
  /** Report what would be removed, remove nothing. */
  readonly dryRun?: boolean;
  /** The current time (ms since the epoch); tests fix it. */
  readonly now?: number;
  /**
   * A temporary file older than this (ms) belongs to a write that died and is removed; a younger one may be a
   * write in flight and stays. Default one hour (a write takes well under a second).
   */
  readonly staleTemporaryMs?: number;
}

/** Totals of a set of cache files. */
export interface CacheTotals {
  /** Number of entries. */
  readonly entries: number;
  /** Their bytes. */
  readonly bytes: number;
}

/** What {@link pruneCache} did (or, with `dryRun`, would do). */
export interface PruneReport {
  /** The entries before. */
  readonly before: CacheTotals;
  /** The entries after (with `dryRun`: what would be left). */
  readonly after: CacheTotals;
  /** The entries removed, least recently used first. */
  readonly removed: readonly CacheFile[];
  /** Stale temporary files removed. */
  readonly temporaryRemoved: readonly CacheFile[];
  /** Files that could not be removed (permissions …), with the reason; they count as kept. */
  readonly failed: readonly { readonly file: CacheFile; readonly reason: string }[];
  /** Whether nothing was removed on purpose. */
  readonly dryRun: boolean;
}

const HOUR = 3_600_000;

/** Sum of the entries' count and bytes. */
export function totals(files: readonly CacheFile[]): CacheTotals {
  return { entries: files.length, bytes: files.reduce((s, f) => s + f.bytes, 0) };
}

/**
 * The entries to remove, least recently used first: every entry last used before `now − olderThanMs`, then
 * the least recently used of the rest (ties: by path) until the kept bytes are at most `maxBytes`. Pure.
 */
export function planPrune(
  entries: readonly CacheFile[],
  options: Pick<PruneOptions, 'maxBytes' | 'olderThanMs'> & { now: number },
): CacheFile[] {
  const { maxBytes, olderThanMs, now } = options;
  if (maxBytes === undefined && olderThanMs === undefined) throw new Error('planPrune: give maxBytes or olderThanMs');
  if (maxBytes !== undefined && !(maxBytes >= 0)) throw new Error(`planPrune: maxBytes ${maxBytes} is not ≥ 0`);
  if (olderThanMs !== undefined && !(olderThanMs >= 0))
    throw new Error(`planPrune: olderThanMs ${olderThanMs} is not ≥ 0`);
  const order = [...entries].sort(
    (a, b) => a.lastUsed - b.lastUsed || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  let kept = totals(order).bytes;
  const removed: CacheFile[] = [];
  for (const entry of order) {
    const stale = olderThanMs !== undefined && entry.lastUsed < now - olderThanMs;
    const over = maxBytes !== undefined && kept > maxBytes;
    if (!stale && !over) break; // sorted by last use: no later entry is staler, and the size is within bounds
    removed.push(entry);
    kept -= entry.bytes;
  }
  return removed;
}

/**
 * Removes result cache entries of `dir` by age and/or total size ({@link planPrune}) and the temporary files of
 * writes that died. Safe beside running jobs: a run that misses a removed entry recomputes it, and entries are
 * written by rename, so a reader never sees a partial file.
 */
export function pruneCache(dir: string, options: PruneOptions): PruneReport {
  const now = options.now ?? Date.now();
  const dryRun = options.dryRun ?? false;
  const { entries, temporary } = listCacheFiles(dir);
  const planned = planPrune(entries, { maxBytes: options.maxBytes, olderThanMs: options.olderThanMs, now });
  const staleBefore = now - (options.staleTemporaryMs ?? HOUR);
  const staleTemporary = temporary.filter((t) => t.lastUsed < staleBefore);
  const failed: { file: CacheFile; reason: string }[] = [];
  const remove = (files: readonly CacheFile[]): CacheFile[] => {
    if (dryRun) return [...files];
    const done: CacheFile[] = [];
    for (const file of files) {
      try {
        rmSync(file.path, { force: true });
        done.push(file);
      } catch (error) {
        failed.push({ file, reason: (error as Error).message });
      }
    }
    return done;
  };
  const removed = remove(planned);
  const temporaryRemoved = remove(staleTemporary);
  const gone = new Set(removed.map((f) => f.path));
  return {
    before: totals(entries),
    after: totals(entries.filter((e) => !gone.has(e.path))),
    removed,
    temporaryRemoved,
    failed,
    dryRun,
  };
}
