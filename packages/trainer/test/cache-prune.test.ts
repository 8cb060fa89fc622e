import { existsSync, mkdirSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type CacheFile, listCacheFiles, planPrune, pruneCache, ResultCache } from '../src/internal.js';

/**
 * Pruning the result cache: the plan (least recently used first, by age and by total size) against a readable
 * definition; the folder operation (only the cache's own files, stale temporary files, dry runs); a cache hit
 * marks its entry as used.
 */

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7);

/** The definition: every stale entry, then the least recently used of the rest until the size fits. */
function planReference(
  entries: readonly CacheFile[],
  o: { maxBytes?: number; olderThanMs?: number; now: number },
): string[] {
  const byUse = (a: CacheFile, b: CacheFile) => a.lastUsed - b.lastUsed || a.path.localeCompare(b.path);
  const isStale = (e: CacheFile) => o.olderThanMs !== undefined && e.lastUsed < o.now - o.olderThanMs;
  const removed = entries.filter(isStale);
  const rest = entries.filter((e) => !isStale(e)).sort(byUse);
  let kept = rest.reduce((s, e) => s + e.bytes, 0);
  while (o.maxBytes !== undefined && kept > o.maxBytes) {
    const e = rest.shift()!;
    removed.push(e);
    kept -= e.bytes;
  }
  return removed.sort(byUse).map((e) => e.path);
}

const entryArb = fc.record({
  kind: fc.constantFrom('reference-rollouts', 'ceiling-reference'),
  path: fc.stringMatching(/^[a-f0-9]{8}$/),
  bytes: fc.integer({ min: 0, max: 1000 }),
  lastUsed: fc.integer({ min: NOW - 60 * DAY, max: NOW }),
});
const entriesArb = fc.uniqueArray(entryArb, { selector: (e) => e.path, maxLength: 30 });
const limitsArb = fc
  .record({
    maxBytes: fc.option(fc.integer({ min: 0, max: 20_000 }), { nil: undefined }),
    olderThanMs: fc.option(fc.integer({ min: 0, max: 60 * DAY }), { nil: undefined }),
  })
  .filter((o) => o.maxBytes !== undefined || o.olderThanMs !== undefined);

describe('planPrune', () => {
  fcTest.prop([entriesArb, limitsArb])('equals the definition', (entries, limits) => {
    const plan = planPrune(entries, { ...limits, now: NOW });
    expect(plan.map((e) => e.path)).toEqual(planReference(entries, { ...limits, now: NOW }));
  });

  fcTest.prop([entriesArb, limitsArb])('keeps the size bound, and never a stale entry', (entries, limits) => {
    const gone = new Set(planPrune(entries, { ...limits, now: NOW }).map((e) => e.path));
    const kept = entries.filter((e) => !gone.has(e.path));
    if (limits.maxBytes !== undefined)
      expect(kept.reduce((s, e) => s + e.bytes, 0)).toBeLessThanOrEqual(limits.maxBytes);
    if (limits.olderThanMs !== undefined)
      for (const e of kept) expect(e.lastUsed).toBeGreaterThanOrEqual(NOW - limits.olderThanMs);
  });

  it('removes the least recently used first, ties by path', () => {
    const e = (path: string, lastUsed: number, bytes = 10): CacheFile => ({ kind: 'k', path, bytes, lastUsed });
    const entries = [e('c', 3), e('b', 1), e('a', 1), e('d', 5)];
    expect(planPrune(entries, { maxBytes: 20, now: 10 }).map((x) => x.path)).toEqual(['a', 'b']);
    expect(planPrune(entries, { maxBytes: 40, now: 10 })).toEqual([]);
    expect(planPrune(entries, { maxBytes: 0, now: 10 }).map((x) => x.path)).toEqual(['a', 'b', 'c', 'd']);
    expect(planPrune(entries, { olderThanMs: 8, now: 10 }).map((x) => x.path)).toEqual(['a', 'b']);
    expect(planPrune(entries, { olderThanMs: 6, now: 10 }).map((x) => x.path)).toEqual(['a', 'b', 'c']);
  });

  it('refuses no limit and negative limits', () => {
    expect(() => planPrune([], { now: 0 })).toThrow('give maxBytes or olderThanMs');
    expect(() => planPrune([], { maxBytes: -1, now: 0 })).toThrow('not ≥ 0');
    expect(() => planPrune([], { olderThanMs: Number.NaN, now: 0 })).toThrow('not ≥ 0');
  });
});

/** A cache folder with three entries of 100, 200 and 300 bytes used 30, 20 and 10 days ago, and foreign files. */
function cacheFolder(): { dir: string; paths: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'cache-prune-'));
  const paths: string[] = [];
  for (const [i, [kind, size, days]] of (
    [
      ['reference-rollouts', 100, 30],
      ['reference-rollouts', 200, 20],
      ['ceiling-reference', 300, 10],
    ] as const
  ).entries()) {
    mkdirSync(join(dir, kind), { recursive: true });
    const path = join(dir, kind, `${String(i).repeat(64)}.json`);
    writeFileSync(path, 'x'.repeat(size));
    const t = new Date(NOW - days * DAY);
    utimesSync(path, t, t);
    paths.push(path);
  }
  // not the cache's: a note, a file with another name in a kind folder, a file at the top
  writeFileSync(join(dir, 'reference-rollouts', 'README.txt'), 'mine');
  writeFileSync(join(dir, 'notes.json'), '{}');
  const old = new Date(NOW - 40 * DAY);
  for (const f of ['reference-rollouts/README.txt', 'notes.json']) utimesSync(join(dir, f), old, old);
  return { dir, paths };
}

describe('pruneCache', () => {
  it('lists only the entries and temporary files the cache writes', () => {
    const { dir, paths } = cacheFolder();
    const temp = `${paths[0]}.123.abcdef.tmp`;
    writeFileSync(temp, 'partial');
    const { entries, temporary } = listCacheFiles(dir);
    expect(entries.map((e) => e.path).sort()).toEqual([...paths].sort());
    expect(entries.map((e) => e.bytes).sort()).toEqual([100, 200, 300]);
    expect(temporary.map((t) => t.path)).toEqual([temp]);
  });

  it('by size: the least recently used go until the rest fits; other files stay', () => {
    const { dir, paths } = cacheFolder();
    const report = pruneCache(dir, { maxBytes: 350, now: NOW });
    expect(report.removed.map((e) => e.path)).toEqual([paths[0], paths[1]]);
    expect(report.before).toEqual({ entries: 3, bytes: 600 });
    expect(report.after).toEqual({ entries: 1, bytes: 300 });
    expect(paths.map((p) => existsSync(p))).toEqual([false, false, true]);
    expect(existsSync(join(dir, 'reference-rollouts', 'README.txt'))).toBe(true);
    expect(existsSync(join(dir, 'notes.json'))).toBe(true);
  });

  it('by age, and a dry run that removes nothing', () => {
    const { dir, paths } = cacheFolder();
    const dry = pruneCache(dir, { olderThanMs: 15 * DAY, now: NOW, dryRun: true });
    expect(dry.removed.map((e) => e.path)).toEqual([paths[0], paths[1]]);
    expect(dry.after).toEqual({ entries: 1, bytes: 300 });
    expect(paths.every((p) => existsSync(p))).toBe(true);
    const done = pruneCache(dir, { olderThanMs: 15 * DAY, now: NOW });
    expect(done.removed).toEqual(dry.removed);
    expect(paths.map((p) => existsSync(p))).toEqual([false, false, true]);
  });

  it('removes temporary files of writes that died, keeps those that may be in flight', () => {
    const { dir, paths } = cacheFolder();
    const stale = `${paths[0]}.1.aa.tmp`;
    const fresh = `${paths[1]}.2.bb.tmp`;
    writeFileSync(stale, 'a');
    writeFileSync(fresh, 'b');
    utimesSync(stale, new Date(NOW - 2 * 3_600_000), new Date(NOW - 2 * 3_600_000));
    utimesSync(fresh, new Date(NOW - 60_000), new Date(NOW - 60_000));
    const report = pruneCache(dir, { olderThanMs: 100 * DAY, now: NOW });
    expect(report.removed).toEqual([]);
    expect(report.temporaryRemoved.map((t) => t.path)).toEqual([stale]);
    expect([existsSync(stale), existsSync(fresh)]).toEqual([false, true]);
  });

  it('says which folder it cannot read', () => {
    expect(() => pruneCache(join(tmpdir(), 'no-such-cache-folder-x'), { maxBytes: 0 })).toThrow(
      /cannot read the cache folder .*no-such-cache-folder-x/,
    );
  });
});

describe('ResultCache', () => {
  it('a hit marks its entry as used now, so that pruning keeps what runs still use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cache-touch-'));
    const cache = new ResultCache({ dir, objective: { terms: ['ndcg@5'] } });
    cache.setCode('4.22.0', 'cpu');
    const compute = async () => ({ value: new Float64Array([1, 2, 3]) });
    await cache.memo('toy', { a: 1 }, compute);
    const [entry] = listCacheFiles(dir).entries;
    const old = new Date(Date.now() - 30 * DAY);
    utimesSync(entry!.path, old, old);
    const value = await cache.memo('toy', { a: 1 }, async (): Promise<{ value: Float64Array }> => {
      throw new Error('a hit must not compute');
    });
    expect(Array.from(value.value)).toEqual([1, 2, 3]);
    expect(cache.counts).toMatchObject({ hits: 1, misses: 1 });
    expect(statSync(entry!.path).mtimeMs).toBeGreaterThan(Date.now() - DAY);
  });
});
