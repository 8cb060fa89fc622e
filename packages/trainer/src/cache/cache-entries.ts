import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BladeUserError } from '@bladerec/core';

/** One file of a result cache folder. */
export interface CacheFile {
  /** The entry's kind (its folder: `reference-rollouts`, `ceiling-reference`, `sft-test-evaluation` …). */
  readonly kind: string;
  /** Absolute (or `dir`-relative, as given) path of the file. */
  readonly path: string;
  /** Size in bytes. */
  readonly bytes: number;
  /** Last use in ms since the epoch: the file's mtime, which a hit refreshes (so pruning is least recently used). */
  readonly lastUsed: number;
}

/** What a result cache folder holds. */
export interface CacheContents {
  /** Entries: `<dir>/<kind>/<64 hex digits>.json`, as {@link ResultCache} writes them. */
  readonly entries: readonly CacheFile[];
  /** Temporary files of writes (`<entry>.<pid>.<random>.tmp`): in flight, or left by a process that died. */
  readonly temporary: readonly CacheFile[];
}

const ENTRY = /^[0-9a-f]{64}\.json$/;
const TEMPORARY = /^[0-9a-f]{64}\.json\.\d+\.[0-9a-f]+\.tmp$/;

/**
 * The entries and temporary files of the result cache in `dir`, sorted by path. Only names the cache
 * itself writes are listed, so nothing else that sits in the folder is ever counted or pruned.
 * Throws a {@link BladeUserError} when `dir` is not a folder.
 */
export function listCacheFiles(dir: string): CacheContents {
  let kinds: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new BladeUserError(`${dir} is not a folder`);
    kinds = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch (error) {
    if (error instanceof BladeUserError) throw error;
    throw new BladeUserError(`cannot read the cache folder ${dir}: ${(error as Error).message}`);
  }
  const entries: CacheFile[] = [];
  const temporary: CacheFile[] = [];
  for (const kind of kinds.sort()) {
    for (const name of readdirSync(join(dir, kind)).sort()) {
      const into = ENTRY.test(name) ? entries : TEMPORARY.test(name) ? temporary : undefined;
      if (!into) continue;
      const path = join(dir, kind, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue; // removed by a concurrent prune or write since the listing
      }
      if (stat.isFile()) into.push({ kind, path, bytes: stat.size, lastUsed: stat.mtimeMs });
    }
  }
  return { entries, temporary };
}
