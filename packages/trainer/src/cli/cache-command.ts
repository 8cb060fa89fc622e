import { resolve } from 'node:path';
import { BladeUserError, CliContribution, CliIo, formatTable } from '@bladerec/core';
import bytes from 'bytes';
import type { Command } from 'commander';
import ms from 'ms';
import { inject, injectable } from '@bladerec/core/inversify';
import { CACHE_DIR_ENV } from '../cache/cache-env.js';
import { type CacheFile, listCacheFiles } from '../cache/cache-entries.js';
import { pruneCache, type PruneReport, totals } from '../cache/cache-prune.js';

interface CacheFlags {
  json?: boolean;
}

interface PruneFlags extends CacheFlags {
  maxSize?: string;
  olderThan?: string;
  dryRun?: boolean;
}

/** Per kind of entry: count, bytes, least and most recent use. */
interface KindUsage {
  readonly kind: string;
  readonly entries: number;
  readonly bytes: number;
  readonly oldest: string;
  readonly newest: string;
}

/**
 * `blade cache info [dir]` and `blade cache prune [dir] --max-size <size> --older-than <age>`: what the result
 * cache of `blade train <algorithm> --cache <dir>` holds, and the removal of its least recently used entries
 * (a hit marks an entry used). `dir` defaults to `$BLADE_CACHE_DIR`.
 */
@injectable()
export class CacheCommand implements CliContribution {
  constructor(@inject(CliIo) private readonly io: CliIo) {}

  register(program: Command): void {
    const cache = program
      .command('cache')
      .description(`inspect and prune the result cache of blade train --cache (default folder: $${CACHE_DIR_ENV})`);
    cache
      .command('info')
      .description('entries, size and last use per kind of entry')
      .argument('[dir]', `the cache folder (default: $${CACHE_DIR_ENV})`)
      .option('--json', 'print JSON')
      .action((dir: string | undefined, flags: CacheFlags) => this.info(dir, flags));
    cache
      .command('prune')
      .description('remove the least recently used entries: by total size, by age, or both')
      .argument('[dir]', `the cache folder (default: $${CACHE_DIR_ENV})`)
      .option('--max-size <size>', 'keep at most this much (binary units: 500MB = 500 MiB, 2GB = 2 GiB)')
      .option('--older-than <age>', 'remove entries not used for this long (e.g. 12h, 30d)')
      .option('--dry-run', 'list what would be removed; remove nothing')
      .option('--json', 'print JSON')
      .action((dir: string | undefined, flags: PruneFlags) => this.prune(dir, flags));
  }

  info(dir: string | undefined, flags: CacheFlags): void {
    const folder = this.folder(dir);
    const { entries, temporary } = listCacheFiles(folder);
    const kinds = [...new Set(entries.map((e) => e.kind))].map((kind) => usage(kind, entries));
    const total = totals(entries);
    if (flags.json) {
      this.io.out(`${JSON.stringify({ dir: folder, ...total, kinds, temporary: temporary.length }, null, 2)}\n`);
      return;
    }
    const rows = [
      ['kind', 'entries', 'size', 'least recently used', 'most recently used'],
      ...kinds.map((k) => [k.kind, String(k.entries), size(k.bytes), k.oldest, k.newest]),
      ['total', String(total.entries), size(total.bytes)],
    ];
    this.io.out(`${folder}\n${formatTable(rows)}`);
    if (temporary.length > 0) this.io.out(`${temporary.length} temporary file(s) of writes in flight or interrupted\n`);
  }

  prune(dir: string | undefined, flags: PruneFlags): void {
    const folder = this.folder(dir);
    if (flags.maxSize === undefined && flags.olderThan === undefined)
      throw new BladeUserError('cache prune: give --max-size, --older-than or both');
    const report = pruneCache(folder, {
      maxBytes: flags.maxSize === undefined ? undefined : parseSize(flags.maxSize),
      olderThanMs: flags.olderThan === undefined ? undefined : parseAge(flags.olderThan),
      dryRun: flags.dryRun ?? false,
    });
    if (flags.json) {
      this.io.out(`${JSON.stringify(reportJson(folder, report), null, 2)}\n`);
    } else {
      const verb = report.dryRun ? 'would remove' : 'removed';
      for (const f of report.removed)
        this.io.out(`${verb} ${f.path} (${size(f.bytes)}, last used ${date(f.lastUsed)})\n`);
      const summary =
        `${folder}: ${verb} ${report.removed.length} of ${report.before.entries} entries ` +
        `(${size(report.before.bytes - report.after.bytes)}); ` +
        `${report.dryRun ? 'would keep' : 'kept'} ${report.after.entries} (${size(report.after.bytes)})`;
      const temporary = report.temporaryRemoved.length;
      this.io.out(`${summary}${temporary > 0 ? `; ${verb} ${temporary} stale temporary file(s)` : ''}\n`);
    }
    for (const { file, reason } of report.failed)
      this.io.err(`cache: warning: could not remove ${file.path}: ${reason}\n`);
  }

  private folder(dir: string | undefined): string {
    const chosen = dir ?? this.io.env[CACHE_DIR_ENV];
    if (!chosen) throw new BladeUserError(`cache: give the cache folder, or set ${CACHE_DIR_ENV}`);
    return resolve(this.io.cwd, chosen);
  }
}

/** `--max-size`: a byte count with an optional binary unit (`bytes` package: 1KB = 1024 B). */
export function parseSize(text: string): number {
  const value = /^\s*\d+(\.\d+)?\s*([kmgtp]?b)?\s*$/i.test(text) ? bytes.parse(text) : null;
  if (value === null || !Number.isFinite(value) || value < 0)
    throw new BladeUserError(`--max-size: '${text}' is not a size (e.g. 0, 500MB, 2GB)`);
  return value;
}

/** `--older-than`: a duration (`ms` package: 90s, 12h, 30d, 2w …). */
export function parseAge(text: string): number {
  const value = /^\s*\d+(\.\d+)?\s*[a-z]*\s*$/i.test(text) ? ms(text as ms.StringValue) : undefined;
  if (value === undefined || !Number.isFinite(value) || value < 0)
    throw new BladeUserError(`--older-than: '${text}' is not an age (e.g. 12h, 30d)`);
  return value;
}

function usage(kind: string, entries: readonly CacheFile[]): KindUsage {
  const of = entries.filter((e) => e.kind === kind);
  const times = of.map((e) => e.lastUsed);
  return {
    kind,
    ...totals(of),
    oldest: date(Math.min(...times)),
    newest: date(Math.max(...times)),
  };
}

function reportJson(dir: string, report: PruneReport) {
  const file = (f: CacheFile) => ({ kind: f.kind, path: f.path, bytes: f.bytes, lastUsed: date(f.lastUsed) });
  return {
    dir,
    dryRun: report.dryRun,
    before: report.before,
    after: report.after,
    removed: report.removed.map(file),
    temporaryRemoved: report.temporaryRemoved.map(file),
    failed: report.failed.map(({ file: f, reason }) => ({ ...file(f), reason })),
  };
}

const size = (n: number) => bytes.format(n, { unitSeparator: ' ' }) ?? `${n} B`;
const date = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');
