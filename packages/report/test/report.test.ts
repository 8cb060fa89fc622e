import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bladeInProcess, oneLineError } from '../../../tests/support/in-process.js';
import { loadRuns, pairedDifference, reportData } from '../src/index.js';
import { markPaths, texts } from './svg-structure.js';

/**
 * `blade report` and `blade compare` on the fixture run tree that the real CLI wrote
 * (test/fixtures/make-runs.mjs: SFT, BLADE and vBoN × KL {0.01, 0.1} × seeds {1, 2} on a composite
 * objective, Best-of-4), plus a still-running run and a folder with a broken summary.json.
 */
const fixture = resolve(import.meta.dirname, 'fixtures/run-tree');
const dir = mkdtempSync(join(tmpdir(), 'blade-report-'));
const tree = join(dir, 'runs');
const out = join(dir, 'report');
let result: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  cpSync(fixture, tree, { recursive: true });
  // a run still training: metrics so far, no summary
  const running = join(tree, 'composite/blade/kl0.1/seed3');
  mkdirSync(running, { recursive: true });
  cpSync(join(tree, 'composite/blade/kl0.1/seed2/config.json'), join(running, 'config.json'));
  const lines = readFileSync(join(tree, 'composite/blade/kl0.1/seed2/metrics.jsonl'), 'utf8').split('\n').slice(0, 4);
  writeFileSync(join(running, 'metrics.jsonl'), `${lines.join('\n')}\n{"step":4,"kl/ref`);
  // a folder that cannot be read
  const broken = join(tree, 'composite/grpo/kl0.1/seed1');
  mkdirSync(broken, { recursive: true });
  writeFileSync(join(broken, 'summary.json'), '{ "algorithm": "grpo", ');
  result = await bladeInProcess(['report', 'runs', '--out', 'report', '--baseline', 'vbon'], dir);
}, 120_000);

const svg = (name: string) => readFileSync(join(out, `${name}.svg`), 'utf8');

describe('blade report', () => {
  it('reads every run, names the unreadable folder in one line and writes the page and the charts', () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`report: ${join(out, 'report.html')}`);
    expect(result.stdout).toMatch(/^12 runs \(1 still running\) in 6 groups; 6 charts$/m);
    const problems = result.stderr.trim().split('\n');
    expect(problems).toEqual([
      `blade report: cannot read ${join(tree, 'composite/grpo/kl0.1/seed1')}: ` +
        `summary.json is not valid JSON (${problems[0]!.split('(')[1]}`,
    ]);
    for (const f of [
      'report.html',
      'report.json',
      'kl-frontier.svg',
      'training-curves.svg',
      'diagnostics.svg',
      'trade-off.svg',
      'exposure.svg',
      'sft-curves.svg',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
  });

  it('draws the KL frontier: realised KL on x, test and validation, a line per arm, coefficients labelled', () => {
    const s = svg('kl-frontier');
    expect(texts(s, 'axis-title')).toEqual(
      Array(2).fill('realised KL (mean kl/reference, klWindow steps up to the kept step)'),
    );
    expect(texts(s, 'title-text')).toEqual(expect.arrayContaining(['test ndcg@10', 'validation ndcg@10']));
    expect(texts(s, 'legend-label').sort()).toEqual(['blade', 'sft (reference)', 'vbon']);
    const lines = markPaths(s, 'line mark');
    expect(lines).toHaveLength(3 * 2);
    for (const d of lines) expect(d).toMatch(/^M[\d.-]+,[\d.-]+/);
    // one point per coefficient and arm plus the reference, in each panel
    expect(markPaths(s, 'point')).toHaveLength((2 * 2 + 1) * 2);
    expect(new Set(texts(s, 'mark'))).toEqual(new Set(['0.01', '0.1'])); // the reference has no coefficient label
  });

  it('draws curves and diagnostics: a row per key, a column per coefficient, a line and a band per arm', () => {
    const curves = svg('training-curves');
    const titles = texts(curves, 'title-text');
    for (const key of [
      'reward/total/mean',
      'reward/ndcg@10/mean',
      'reward/tail-share@10/mean',
      'eval/sampled/ndcg@10',
      'train/loss',
      'kl=0.01',
      'kl=0.1',
    ]) {
      expect(titles).toContain(key);
    }
    expect(texts(curves, 'legend-label')).toEqual(['blade', 'vbon']);
    expect(markPaths(curves, 'line mark')).toHaveLength(5 * 2 * 2);
    expect(markPaths(curves, 'area mark')).toHaveLength(5 * 2 * 2);
    const diag = svg('diagnostics');
    const keys = [
      'blade/saturation_static',
      'blade/saturation_target',
      'blade/zero_signal_groups',
      'blade/mean_abs_advantage',
      'blade/ess_ratio',
      'kl/reference',
      'train/grad_norm',
    ];
    expect(texts(diag, 'title-text').filter((t) => keys.includes(t))).toEqual(keys);
    expect(markPaths(diag, 'line mark')).toHaveLength(keys.length * 2 * 2);
  });

  it('draws the trade-off scatter and the exposure bars per group', () => {
    const trade = svg('trade-off');
    expect(texts(trade, 'title-text')).toEqual(expect.arrayContaining(['ild@10', 'tail-share@10']));
    expect(texts(trade, 'axis-title')).toContain('test ndcg@10');
    // blade and vBoN at two coefficients and Best-of-4, in two panels
    expect(markPaths(trade, 'point')).toHaveLength(5 * 2);
    const bars = svg('exposure');
    // the per-group exposure every run logged: the synthetic data's 4 popularity groups for SFT, Best-of-4,
    // vBoN and BLADE at two coefficients
    expect(markPaths(bars, 'bar')).toHaveLength(4 * 6);
    expect(texts(bars, 'legend-label')).toEqual(['group 0', 'group 1', 'group 2', 'group 3']);
    expect(texts(bars, 'axis-title')).toContain('share of the position-weighted top-10 exposure');
    expect(texts(bars, 'title-text').join(' ')).toContain('group-exposure@10');
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const row = json.rows.find((r: { label: string }) => r.label === 'blade kl=0.1');
    // the bar is the mean over the finished seeds of what the runs wrote, and the shares sum to 1
    const seeds = [1, 2].map((s) => {
      const summary = JSON.parse(readFileSync(join(tree, `composite/blade/kl0.1/seed${s}/summary.json`), 'utf8'));
      return summary.test.sampled.exposure.blade.shares as Record<string, number>;
    });
    for (const g of ['0', '1', '2', '3'])
      expect(row.exposure.shares[g].mean).toBeCloseTo((seeds[0]![g]! + seeds[1]![g]!) / 2, 14);
    const total = Object.values(row.exposure.shares as Record<string, { mean: number }>).reduce(
      (a, x) => a + x.mean,
      0,
    );
    expect(total).toBeCloseTo(1, 12);
  });

  it('falls back to the tail-share proxy, labelled as such, for folders from before per-group exposure', async () => {
    const old = join(dir, 'old-runs');
    cpSync(join(fixture, 'composite'), old, { recursive: true });
    const strip = (file: string) => {
      const summary = JSON.parse(readFileSync(file, 'utf8'));
      delete summary.test.exposure;
      delete summary.test.sampled?.exposure;
      delete summary.test.greedy?.exposure;
      writeFileSync(file, JSON.stringify(summary));
    };
    for (const run of ['blade/kl0.01', 'blade/kl0.1', 'vbon/kl0.01', 'vbon/kl0.1', 'bon@4'])
      for (const seed of [1, 2]) strip(join(old, run, `seed${seed}`, 'summary.json'));
    const res = await bladeInProcess(['report', 'old-runs', '--out', 'old-report'], dir);
    expect(res.code).toBe(0);
    const bars = readFileSync(join(dir, 'old-report', 'exposure.svg'), 'utf8');
    // head and tail of Best-of-4, vBoN and BLADE at two coefficients
    expect(markPaths(bars, 'bar')).toHaveLength(2 * 5);
    expect(texts(bars, 'legend-label').sort()).toEqual(['head (popular)', 'tail (long tail)']);
    expect(texts(bars, 'title-text').join(' ')).toContain('proxy: tail-share@K');
    expect(texts(bars, 'axis-title')).toContain('share of the top-10 items (proxy)');
  }, 120_000);

  it('writes a self-contained page: charts inline, no script or external resource, table, running run', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<figure class="chart"/g)).toHaveLength(6);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('composite/blade/kl0.1/seed3');
    expect(html).toContain('summary.json is not valid JSON');
    expect(html).toContain('<th>ndcg@10 − vbon</th>');
  });

  it('aggregates the results table: seeds, means and the paired differences of the one implementation', () => {
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const row = json.rows.find((r: { label: string }) => r.label === 'blade kl=0.1');
    expect(row).toMatchObject({ finished: 2, running: 1 });
    const { entries } = loadRuns([tree]);
    const runs = (arm: string) =>
      entries
        .filter((e) => e.id.arm === arm && e.id.coef === 0.1 && e.folder.status === 'finished')
        .sort((a, b) => a.id.seed! - b.id.seed!);
    const scores = (e: (typeof entries)[number]) => ({
      test: e.result.test!.means['ndcg@10']!,
      users: e.result.test!.users!['ndcg@10']!,
    });
    const expected = pairedDifference(runs('blade').map(scores), runs('vbon').map(scores));
    expect(row.differences.vbon.mean).toBeCloseTo(expected.mean, 14);
    expect(row.differences.vbon.bootstrap).toEqual(expected.bootstrap);
    const data = reportData(entries);
    const tests = runs('blade').map((e) => e.result.test!.means['ndcg@10']!);
    expect(data.rows.find((r) => r.group.label === 'blade kl=0.1')!.test['ndcg@10']!.mean).toBeCloseTo(
      (tests[0]! + tests[1]!) / 2,
      14,
    );
  });

  it('counts every folder it reads for the progress bar, unreadable ones included', () => {
    const seen: [number, number][] = [];
    const { entries, problems } = loadRuns([tree], { onFolder: (done, total) => void seen.push([done, total]) });
    expect(seen.map(([done]) => done)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(new Set(seen.map(([, total]) => total))).toEqual(new Set([13]));
    expect([entries.length, problems.length]).toEqual([12, 1]);
  });

  it('fails in one line when nothing under the paths is a run', async () => {
    mkdirSync(join(dir, 'empty'), { recursive: true });
    expect(oneLineError(await bladeInProcess(['report', 'empty'], dir))).toBe(
      `${join(dir, 'empty')}: no run folder (metrics.jsonl or summary.json) in it`,
    );
  });
});

describe('blade compare', () => {
  it('compares two arms seed by seed as JSON with the same numbers as the report', async () => {
    const r = await bladeInProcess(
      ['compare', 'runs/composite/blade/kl0.01', 'runs/composite/vbon/kl0.01', '--metric', 'ndcg@10', '--json'],
      dir,
    );
    expect(r.code).toBe(0);
    const { comparison } = JSON.parse(r.stdout);
    expect(comparison).toMatchObject({
      paired: 2,
      users: 150,
      a: { label: 'blade kl=0.01', seeds: [1, 2] },
      b: { label: 'vbon kl=0.01' },
    });
    const { entries } = loadRuns([join(tree, 'composite')]);
    const side = (arm: string) =>
      entries
        .filter((e) => e.id.arm === arm && e.id.coef === 0.01)
        .sort((a, b) => a.id.seed! - b.id.seed!)
        .map((e) => ({ test: e.result.test!.means['ndcg@10']!, users: e.result.test!.users!['ndcg@10']! }));
    const expected = pairedDifference(side('blade'), side('vbon'));
    expect(comparison.metrics['ndcg@10'].difference.bootstrap).toEqual(expected.bootstrap);
    expect(comparison.metrics['ndcg@10'].difference.mean).toBeCloseTo(expected.mean, 14);
    expect(Object.keys(comparison.metrics)).toEqual(['ndcg@10']);
  });

  it('prints a table of every metric both runs scored', async () => {
    const r = await bladeInProcess(['compare', 'runs/composite/bon@4/seed1', 'runs/composite/blade/kl0.1/seed1'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 paired seed(s), 150 test users');
    for (const m of ['ndcg@10', 'recall@10', 'tail-share@10', 'ild@10'])
      expect(r.stdout).toMatch(new RegExp(`^${m} `, 'm'));
  });

  it('refuses in one line several arms in a folder, an SFT run (no per-user scores), an unknown metric', async () => {
    expect(
      oneLineError(await bladeInProcess(['compare', 'runs/composite/blade', 'runs/composite/vbon/kl0.1'], dir)),
    ).toMatch(/holds runs of 2 arms or coefficients \(blade kl=0.01, blade kl=0.1\)/);
    expect(oneLineError(await bladeInProcess(['compare', 'runs/seed1/sft', 'runs/composite/vbon/kl0.1'], dir))).toMatch(
      /no finished run with per-user test scores/,
    );
    expect(
      oneLineError(
        await bladeInProcess(
          ['compare', 'runs/composite/blade/kl0.1', 'runs/composite/vbon/kl0.1', '--metric', 'mrr@10'],
          dir,
        ),
      ),
    ).toMatch(/--metric mrr@10: not in both runs/);
  });
});

process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
