import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBladeInProcess } from './support/run-blade-in-process.js';

/** `blade cache info` and `blade cache prune`, in process, on a cache folder laid out as the trainer writes it. */

const DAY = 86_400_000;

/** Two reference-rollout entries (1 KiB used 20 days ago, 2 KiB 10 days ago) and a ceiling entry (3 KiB, now). */
function cacheFolder(): { cwd: string; paths: string[] } {
  const cwd = mkdtempSync(join(tmpdir(), 'cli-cache-'));
  const paths: string[] = [];
  const specs = [
    ['reference-rollouts', 1024, 20],
    ['reference-rollouts', 2048, 10],
    ['ceiling-reference', 3072, 0],
  ] as const;
  specs.forEach(([kind, size, days], i) => {
    mkdirSync(join(cwd, 'cache', kind), { recursive: true });
    const path = join(cwd, 'cache', kind, `${'abc'[i]!.repeat(64)}.json`);
    writeFileSync(path, 'x'.repeat(size));
    const t = new Date(Date.now() - days * DAY);
    utimesSync(path, t, t);
    paths.push(path);
  });
  return { cwd, paths };
}

describe('blade cache', () => {
  it('info: entries, size and last use per kind', async () => {
    const { cwd } = cacheFolder();
    const text = await runBladeInProcess(['cache', 'info', 'cache'], cwd);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/reference-rollouts\s+2\s+3 KB/);
    expect(text.stdout).toMatch(/ceiling-reference\s+1\s+3 KB/);
    expect(text.stdout).toMatch(/total\s+3\s+6 KB/);
    const json = await runBladeInProcess(['cache', 'info', 'cache', '--json'], cwd);
    const info = JSON.parse(json.stdout);
    expect(info).toMatchObject({ dir: join(cwd, 'cache'), entries: 3, bytes: 6144, temporary: 0 });
    expect(info.kinds.map((k: { kind: string; entries: number }) => [k.kind, k.entries])).toEqual([
      ['ceiling-reference', 1],
      ['reference-rollouts', 2],
    ]);
  });

  it('prune --max-size: the least recently used go; --dry-run only lists them', async () => {
    const { cwd, paths } = cacheFolder();
    const dry = await runBladeInProcess(['cache', 'prune', 'cache', '--max-size', '4KB', '--dry-run'], cwd);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`would remove ${paths[0]} (1 KB`);
    expect(dry.stdout).toContain('would remove 2 of 3 entries (3 KB); would keep 1 (3 KB)');
    expect(paths.every((p) => existsSync(p))).toBe(true);
    const run = await runBladeInProcess(['cache', 'prune', 'cache', '--max-size', '4KB', '--json'], cwd);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ dryRun: false, before: { entries: 3, bytes: 6144 }, after: { entries: 1 } });
    expect(report.removed.map((r: { path: string }) => r.path)).toEqual([paths[0], paths[1]]);
    expect(paths.map((p) => existsSync(p))).toEqual([false, false, true]);
  });

  it('prune --older-than, with the folder from BLADE_CACHE_DIR', async () => {
    const { cwd, paths } = cacheFolder();
    const saved = process.env['BLADE_CACHE_DIR'];
    process.env['BLADE_CACHE_DIR'] = join(cwd, 'cache');
    try {
      const run = await runBladeInProcess(['cache', 'prune', '--older-than', '15d'], cwd);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('removed 1 of 3 entries (1 KB); kept 2 (5 KB)');
    } finally {
      if (saved === undefined) delete process.env['BLADE_CACHE_DIR'];
      else process.env['BLADE_CACHE_DIR'] = saved;
    }
    expect(paths.map((p) => existsSync(p))).toEqual([false, true, true]);
  });

  it('says what is wrong: no folder, no limit, a bad size or age, a missing folder', async () => {
    const { cwd, paths } = cacheFolder();
    const cases: [string[], string][] = [
      [['cache', 'info'], 'give the cache folder, or set BLADE_CACHE_DIR'],
      [['cache', 'prune', 'cache'], 'give --max-size, --older-than or both'],
      [['cache', 'prune', 'cache', '--max-size', 'lots'], "--max-size: 'lots' is not a size"],
      [['cache', 'prune', 'cache', '--max-size', '-1GB'], "--max-size: '-1GB' is not a size"],
      [['cache', 'prune', 'cache', '--older-than', 'soon'], "--older-than: 'soon' is not an age"],
      [['cache', 'info', 'nowhere'], 'cannot read the cache folder'],
    ];
    const saved = process.env['BLADE_CACHE_DIR'];
    delete process.env['BLADE_CACHE_DIR'];
    try {
      for (const [argv, message] of cases) {
        const run = await runBladeInProcess(argv, cwd);
        expect(run.code, argv.join(' ')).toBe(1);
        expect(run.stderr).toContain(message);
      }
    } finally {
      if (saved !== undefined) process.env['BLADE_CACHE_DIR'] = saved;
    }
    expect(paths.every((p) => existsSync(p))).toBe(true);
  });
});
