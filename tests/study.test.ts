/* eslint-disable @typescript-eslint/no-explicit-any --
   the study's modules are untyped .mjs; records are read as JSON
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  planFinal,
  planGrid,
  planSft,
  planSweep,
  resolveStudy,
  runState,
  selectCoefficients,
  selectOf,
  setPath,
  trainedArms,
} from '../experiments/study/plan.mjs';
import { canonicalJson, makeRecord, recordState, runHash, USER_DECIMALS } from '../experiments/study/records.mjs';
import { aggregateDataset, renderDataset, runResult } from '../experiments/study/report.mjs';
import { renderSummary, summaryRows } from '../experiments/study/summary.mjs';
import { binnedMeans } from '../experiments/study/trajectories.mjs';

/**
 * The pure parts of the study harness (experiments/study.mjs): planning from the config, choosing
 * coefficients on validation only, the resume/skip decision, and the report's aggregation.
 */
const shipped = parse(readFileSync(resolve('experiments/study.yaml'), 'utf8'));

/** A small study: two trained arms, Best-of-4, the reference, a grid of two, 2 sweep / 3 final seeds. */
const small = () =>
  resolveStudy(
    {
      klPath: 'kl.coef',
      select: 'ndcg@10',
      klWindow: 2,
      rolloutsKey: null,
      profiles: {
        t: {
          runsDir: 't',
          seeds: { sweep: [1, 2], final: [1, 2, 3] },
          klGrid: [0.01, 0.1],
          align: { steps: 4, contextsPerStep: 2, groupSize: 4, keepBest: true },
        },
      },
      arms: {
        sft: { kind: 'reference' },
        'bon@4': { kind: 'bon', n: 4 },
        vbon: { preset: 'vbon' },
        blade: { preset: 'blade', align: { prior: { kind: 'pooled', options: {} } } },
      },
      baselines: ['vbon', 'sft'],
      objectives: { ndcg: { terms: ['ndcg@10'] }, composite: { terms: ['ndcg@10', 'fairness'] } },
      datasets: {
        toy: {
          recipe: 'r.yaml',
          fairness: { reward: 'exposure-gap', weight: 0.1 },
          metrics: ['ndcg@10'],
          settings: { m4: { objective: 'composite', align: { referenceRollouts: 4 } } },
        },
      },
    },
    't',
  );
const inputs = { recipe: { data: { format: 'synthetic' }, model: { layers: 1 }, sft: { epochs: 9 } } };

describe('study config', () => {
  it('the shipped study.yaml resolves for both profiles, with every arm the issue asks for', () => {
    for (const profile of ['full', 'lean', 'lean-long', 'quick'])
      expect(() => resolveStudy(shipped, profile)).not.toThrow();
    const full = resolveStudy(shipped, 'full');
    expect(Object.keys(full.arms)).toEqual([
      'sft',
      'bon@8',
      'vbon',
      'bond',
      'grpo',
      'blade',
      'blade-prior-only',
      'blade-evidence-only',
      'blade-no-pool',
    ]);
    expect(full.profile.klGrid).toEqual([0.003, 0.01, 0.03, 0.1, 0.3]);
    expect(full.profile.seeds.final.length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(full.datasets)).toEqual([
      'synthetic',
      'goodreads',
      'video-games',
      'movielens-10m-lists',
      'synthetic-lags',
      'movielens-10m-lists-lags',
    ]);
    // the four data sets of the issue; a data set entry is (data, SFT recipe)
    const data = (d: any) => d.folder ?? parse(readFileSync(resolve(d.recipe), 'utf8')).data.format;
    expect(new Set(Object.values(full.datasets).map(data))).toEqual(
      new Set(['synthetic', 'goodreads', 'amazon-video-games', 'movielens-10m-lists']),
    );
    const composite = Object.values(full.datasets).filter((d: any) =>
      Object.values(d.settings).some((s: any) => s.objective === 'composite'),
    );
    expect(composite.length).toBeGreaterThanOrEqual(2);
    const ms = new Set(
      Object.values(full.datasets).flatMap((d: any) =>
        Object.values(d.settings).map((s: any) => s.align?.referenceRollouts),
      ),
    );
    expect([...ms].sort((a, b) => a - b)).toEqual([4, 32]);
    // the lean profile is the full study with fewer steps: same arms, seeds, contexts and N, a sub-grid
    const lean = resolveStudy(shipped, 'lean');
    expect(lean.profile.klGrid.every((c: number) => full.profile.klGrid.includes(c))).toBe(true);
    expect(lean.profile.seeds).toEqual(full.profile.seeds);
    for (const key of ['contextsPerStep', 'groupSize', 'listLength'])
      expect(lean.profile.align[key]).toBe(full.profile.align[key]);
    expect(lean.profile.align.maxRollouts).toBe(lean.profile.align.steps * 32 * 8);
    expect(lean.profile.records).toBe('experiments/study-results/lean');
    // lean-long: the lean protocol with twice the budget, nothing else changed
    const long = resolveStudy(shipped, 'lean-long');
    expect(long.profile.align).toEqual({
      ...lean.profile.align,
      steps: 2 * lean.profile.align.steps,
      maxRollouts: 2 * lean.profile.align.maxRollouts,
    });
    expect({ ...long.profile.seeds, klGrid: long.profile.klGrid }).toEqual({
      ...lean.profile.seeds,
      klGrid: lean.profile.klGrid,
    });
    expect(long.profile.records).not.toBe(lean.profile.records);
  });

  it('refuses an arm that changes the matched budget, an unknown profile, a bad grid — naming the field', () => {
    const bad = structuredClone(shipped);
    bad.arms.blade.align.steps = 10;
    expect(() => resolveStudy(bad, 'full')).toThrow(
      'study config: arms.blade.align.steps: the budget is matched across arms',
    );
    expect(() => resolveStudy(shipped, 'huge')).toThrow("study config: profiles: no profile 'huge'");
    const grid = structuredClone(shipped);
    grid.profiles.full.klGrid = [];
    expect(() => resolveStudy(grid, 'full')).toThrow('profiles.full.klGrid');
  });
});

describe('planning', () => {
  it('one SFT per seed of either phase, with the profile over the recipe', () => {
    const runs = planSft(small(), 'toy', inputs);
    expect(runs.map((r) => r.dir)).toEqual(['toy/seed1/sft', 'toy/seed2/sft', 'toy/seed3/sft']);
    expect(runs[2]!.config.sft).toEqual({ epochs: 9, seed: 3 });
  });

  it('the sweep: trained arms × grid × sweep seeds, the coefficient at klPath, the same budget for all', () => {
    const study = small();
    const runs: any[] = planSweep(study, 'toy', inputs);
    expect(runs).toHaveLength(2 * 2 * 2);
    expect(new Set(runs.map((r) => r.arm))).toEqual(new Set(trainedArms(study)));
    const blade = runs.find((r) => r.arm === 'blade' && r.coef === 0.1 && r.seed === 2)!;
    expect(blade.dir).toBe('toy/m4/blade/kl0.1/seed2');
    expect(blade.command).toEqual(['train', 'blade']);
    expect(blade.init).toBe('toy/seed2/sft/model.bct');
    expect(blade.config.align.kl).toEqual({ coef: 0.1 });
    expect(blade.config.align.prior).toEqual({ kind: 'pooled', options: {} });
    expect(blade.config.align.referenceRollouts).toBe(4);
    expect(blade.config.objective.terms[1]).toEqual({ reward: 'exposure-gap', weight: 0.1 });
    for (const r of runs)
      expect([
        r.config.align.steps,
        r.config.align.contextsPerStep,
        r.config.align.groupSize,
        r.config.align.seed,
      ]).toEqual([4, 2, 4, r.seed]);
  });

  it('the final phase: chosen coefficients and Best-of-n on the final seeds; shared folders with the sweep', () => {
    const study = small();
    const runs = planFinal(study, 'toy', inputs, { m4: { vbon: { coef: 0.01 }, blade: { coef: 0.1 } } });
    expect(runs.map((r) => r.dir)).toEqual([
      'toy/m4/bon@4/seed1',
      'toy/m4/bon@4/seed2',
      'toy/m4/bon@4/seed3',
      'toy/m4/vbon/kl0.01/seed1',
      'toy/m4/vbon/kl0.01/seed2',
      'toy/m4/vbon/kl0.01/seed3',
      'toy/m4/blade/kl0.1/seed1',
      'toy/m4/blade/kl0.1/seed2',
      'toy/m4/blade/kl0.1/seed3',
    ]);
    expect(runs[0]!.command).toEqual(['train', 'bon', '--n', '4']);
    const sweepDirs = new Set(planSweep(study, 'toy', inputs).map((r) => r.dir));
    expect(runs.filter((r) => sweepDirs.has(r.dir)).map((r) => r.id)).toEqual([
      'toy/m4/vbon/kl0.01/seed1',
      'toy/m4/vbon/kl0.01/seed2',
      'toy/m4/blade/kl0.1/seed1',
      'toy/m4/blade/kl0.1/seed2',
    ]);
    expect(() => planFinal(study, 'toy', inputs, {})).toThrow('no coefficient chosen for toy/m4/vbon');
  });

  it('setPath writes a dotted path into a copy', () => {
    const base = { kl: { form: 'k2' } };
    expect(setPath(base, 'kl.coef', 0.3)).toEqual({ kl: { form: 'k2', coef: 0.3 } });
    expect(base).toEqual({ kl: { form: 'k2' } });
    expect(setPath({}, 'klCoef', 0.01)).toEqual({ klCoef: 0.01 });
  });
});

describe('resume and skip', () => {
  it('summary.json means done; a checkpoint without it means resume; else start', () => {
    expect(runState((f) => f === 'summary.json' || f === 'checkpoint.bct')).toBe('done');
    expect(runState((f) => f === 'checkpoint.bct')).toBe('resume');
    expect(runState(() => false)).toBe('start');
  });
});

describe('selection on validation only', () => {
  it('picks the highest mean validation over the sweep seeds, whatever the test numbers say', () => {
    const study = small();
    // validation prefers 0.1 for vbon and 0.01 for blade; test (present, ignored) says the opposite
    const v: Record<string, number[]> = {
      'vbon/0.01': [0.2, 0.3],
      'vbon/0.1': [0.4, 0.2],
      'blade/0.01': [0.5, 0.5],
      'blade/0.1': [0.1, 0.9],
    };
    const results = planSweep(study, 'toy', inputs).map((r) => ({
      ...r,
      validation: v[`${r.arm}/${r.coef}`]![r.seed - 1]!,
      test: r.coef === 0.1 ? 0 : 1,
    }));
    const chosen: any = selectCoefficients(study, results);
    expect(chosen['m4']!['vbon']).toMatchObject({ coef: 0.1, validation: 0.30000000000000004 });
    // a tie (0.5 vs 0.5) goes to the earlier grid entry
    expect(chosen['m4']!['blade']!.coef).toBe(0.01);
    expect(chosen['m4']!['blade']!.byCoef).toEqual({ 0.01: 0.5, 0.1: 0.5 });
    expect(() => selectCoefficients(study, results.slice(1))).toThrow('sweep incomplete: m4/vbon/kl0.01');
  });
});

describe('report aggregation', () => {
  const study = small();
  const chosen = { m4: { vbon: { coef: 0.01 }, blade: { coef: 0.1 } } };
  const users = (x: number) => [x, x + 0.1, x - 0.1, x];
  /** A synthetic finished run: blade beats vbon by 0.02 + 0.01·seed on test. */
  const fake = (run: any) => {
    const name = run.command[1];
    const value = run.arm === 'blade' ? 0.32 + 0.01 * run.seed : run.arm === 'vbon' ? 0.3 : 0.35;
    const sft = 0.25;
    if (run.arm === 'bon@4')
      return runResult(study, run, {
        summary: { test: { means: { 'bon@4': { 'ndcg@10': value } } } },
        scores: { 'bon@4': { sampled: { 'ndcg@10': users(value) } } },
        timing: { wallSeconds: 5 },
      });
    if (run.phase === 'sft') return runResult(study, run, { summary: {}, scores: {}, timing: { wallSeconds: 60 } });
    const records = [
      { step: 0, 'eval/sampled/ndcg@10': 0.24 },
      { step: 1, 'kl/reference': 0.5, 'train/loss': 1, 'sampling/wasted_fraction': 0, 'blade/saturation_static': 0.4 },
      {
        step: 2,
        'kl/reference': 0.1,
        'train/loss': 1,
        'sampling/wasted_fraction': 0.5,
        'blade/saturation_static': 0.2,
      },
      { step: 2, 'eval/sampled/ndcg@10': 0.27, 'eval/ceiling_ratio': 0.9 },
      { step: 3, 'kl/reference': 0.3, 'train/loss': 1, 'blade/saturation_static': 0.9 },
      { step: 4, 'kl/reference': 0.9, 'train/loss': 1 },
      { step: 4, 'eval/sampled/ndcg@10': 0.26 },
    ];
    const summary = {
      steps: 4,
      bestStep: 2,
      test: {
        sampled: { means: { [name]: { 'ndcg@10': value }, sft: { 'ndcg@10': sft } } },
        greedy: { means: { [name]: {}, sft: {} } },
      },
    };
    return runResult(study, run, {
      summary,
      records,
      scores: { [name]: { sampled: { 'ndcg@10': users(value) } }, sft: { sampled: { 'ndcg@10': users(sft) } } },
      timing: { wallSeconds: 10 },
    });
  };

  it('reads the kept step: validation at bestStep, KL over the window ending there, nominal rollouts', () => {
    const run = planSweep(study, 'toy', inputs)[0]!;
    const r = fake(run);
    expect(r.validation).toBe(0.27);
    expect(r.sftValidation).toBe(0.24);
    expect(r.kl).toBeCloseTo((0.5 + 0.1) / 2, 15);
    // diagnostics: mean over the training steps up to the kept step (step 3 comes after it)
    expect(r.diagnostics!['blade/saturation_static']).toBeCloseTo(0.3, 15);
    expect(r.diagnostics!['blade/ess_ratio']).toBeNaN();
    expect(r.rollouts).toBe(4 * 2 * 4);
  });

  it('aggregates means over seeds, seed-level tests and the user bootstrap, the frontier and compute', () => {
    const runs = [
      ...planSft(study, 'toy', inputs),
      ...planSweep(study, 'toy', inputs),
      ...planFinal(study, 'toy', inputs, chosen),
    ].map((r) => ({ ...r, result: fake(r) }));
    const report: any = aggregateDataset(study, 'toy', runs, chosen);
    const arms = report.settings['m4'].arms;
    expect(arms['blade'].coef).toBe(0.1);
    expect(arms['sft'].coef).toBeNull();
    expect(arms['blade'].test.mean).toBeCloseTo(0.34, 12);
    expect(arms['blade'].test.sd).toBeCloseTo(0.01, 12);
    expect(arms['sft'].test.mean).toBeCloseTo(0.25, 12);
    const d = arms['blade'].differences['vbon'];
    // differences 0.03, 0.04, 0.05: mean 0.04, sd 0.01, t = 0.04/(0.01/√3)
    expect(d.mean).toBeCloseTo(0.04, 12);
    expect(d.t).toBeCloseTo(0.04 / (0.01 / Math.sqrt(3)), 9);
    expect(d.sign).toMatchObject({ n: 3, positive: 3 });
    expect(d.sign.p).toBeCloseTo(0.25, 14);
    expect(d.bootstrap.mean).toBeCloseTo(0.04, 12);
    expect(arms['vbon'].differences['vbon']).toBeUndefined();
    expect(arms['bon@4'].differences['sft'].mean).toBeCloseTo(0.1, 12);
    const frontier = report.settings['m4'].frontier['blade'];
    expect(frontier.map((p: any) => [p.coef, p.chosen])).toEqual([
      [0.01, false],
      [0.1, true],
    ]);
    expect(frontier[0].kl).toBeCloseTo(0.3, 15);
    // compute: folders counted once (4 final runs are sweep runs)
    expect(report.compute['sft']).toEqual({ runs: 3, wallSeconds: 180, rollouts: 0 });
    expect(report.compute['sweep'].runs).toBe(8);
    expect(report.compute['final'].runs).toBe(9 - 4);
    const md = renderDataset(report, { command: 'node experiments/study.mjs --only toy' });
    expect(md).toContain(
      '| blade | 0.1 | 0.3000 ± 0.0000 | 0.2700 ± 0.0000 | 0.3400 ± 0.0100 | 0.900 ± 0.000 | 0.250 ± 0.000 |',
    );
    const sftRow = '| sft | – | 0.0000 ± 0.0000 | 0.2400 ± 0.0000 | 0.2500 ± 0.0000 | – ± – | – ± – |';
    expect(md).toContain(sftRow);
    expect(md).toContain('| blade | +0.0400 | ');
    expect(md).toContain('| blade | 0.300 | – | – | – | – |');
    // a seed that kept step 0 has no diagnostics: the mean is over the other seeds, and says so
    const all: any[] = runs;
    const zeroSeed = all.find((x) => x.arm === 'blade' && x.phase === 'final').seed;
    const keptZero = all.map((r) =>
      r.arm === 'blade' && r.phase === 'final' && r.seed === zeroSeed
        ? { ...r, result: { ...r.result, diagnostics: {} } }
        : r,
    );
    const partial = renderDataset(aggregateDataset(study, 'toy', keptZero, chosen));
    const finalSeeds = new Set(all.filter((r) => r.phase === 'final').map((r) => r.seed)).size;
    expect(partial).toContain(`| blade | 0.300 (${finalSeeds - 1} seeds) | – | – | – | – |`);
    expect(md).toContain('| blade | 0.1 ** | 0.3000 | 0.2700 | 0.3350 |');

    // the cross-data-set headline: one row per setting; Best-of-n is not a trained arm
    const rows = summaryRows([report, { ...report, dataset: 'other', settings: {} }]);
    expect(rows).toHaveLength(1);
    const row: any = rows[0];
    expect(row).toMatchObject({ dataset: 'toy', setting: 'm4', bonName: 'bon@4' });
    expect(row.reference).toBeCloseTo(0.25, 12);
    expect(row.baseline).toBeCloseTo(0.3, 12);
    expect(row.method).toBeCloseTo(0.34, 12);
    expect(row.best.arm).toBe('blade');
    expect(row.difference.mean).toBeCloseTo(0.04, 12);
    expect(row.saturation).toBeCloseTo(0.3, 12);
    const summary = renderSummary(rows, { command: 'node experiments/study.mjs --phase report' });
    const p = d.p < 0.001 ? 'p < 0.001' : `p = ${d.p.toFixed(3)}`;
    expect(summary).toContain(`| toy | m4 | ${row.metric} | 0.2500 | 0.3000 | 0.3400 | +0.0400 (${p}, 3/3) |`);
    expect(summary).toContain(`| blade 0.3400 (+0.0400, ${p}) | 0.30 / 0.30 |`);
    expect(renderSummary(summaryRows([{ ...report, settings: { m4: { arms: { sft: arms.sft } } } }]))).not.toContain(
      '| toy |',
    );
  });

  it('the grid phase: every coefficient on every final seed; a sensitivity table once an arm has the whole grid', () => {
    const grid = planGrid(study, 'toy', inputs, ['vbon', 'blade']);
    expect(grid).toHaveLength(2 * 2 * 3);
    expect(grid.every((r: any) => r.phase === 'grid')).toBe(true);
    // the sweep and final phases made the rest already (same ids, same folders): two runs are new
    const made = new Set(
      [...planSweep(study, 'toy', inputs), ...planFinal(study, 'toy', inputs, chosen)].map((r) => r.id),
    );
    const fresh = grid.filter((r: any) => !made.has(r.id));
    expect(fresh.map((r: any) => r.id).sort()).toEqual(['toy/m4/blade/kl0.01/seed3', 'toy/m4/vbon/kl0.1/seed3']);
    // a grid run plans the same config as the sweep run of the same id
    const sweepRun = planSweep(study, 'toy', inputs).find((r) => r.id === grid[0]!.id)!;
    expect(runHash(grid[0])).toBe(runHash(sweepRun));
    expect(() => planGrid(study, 'toy', inputs, ['sft'])).toThrow(
      "grid: 'sft' is not a trained arm (have vbon, blade)",
    );

    const base = [
      ...planSft(study, 'toy', inputs),
      ...planSweep(study, 'toy', inputs),
      ...planFinal(study, 'toy', inputs, chosen),
    ];
    // until every (coefficient, final seed) of an arm has run, there is no table
    const without: any = aggregateDataset(
      study,
      'toy',
      base.map((r) => ({ ...r, result: fake(r) })),
      chosen,
    );
    expect(without.settings['m4'].grid).toBeUndefined();
    expect(renderDataset(without)).not.toContain('Every coefficient on every final seed');
    const runs = [...base, ...fresh].map((r: any) => ({ ...r, result: fake(r) }));
    const report: any = aggregateDataset(study, 'toy', runs, chosen);
    const table = report.settings['m4'].grid;
    expect(Object.keys(table)).toEqual(['vbon', 'blade']);
    expect(table['blade'].map((p: any) => [p.coef, p.chosen])).toEqual([
      [0.01, false],
      [0.1, true],
    ]);
    expect(table['vbon'].map((p: any) => [p.coef, p.chosen])).toEqual([
      [0.01, true],
      [0.1, false],
    ]);
    // blade 0.32 + 0.01·seed against vbon 0.3 at every coefficient: +0.04 on average, 3/3 seeds
    for (const p of table['blade']) {
      expect(p.test.mean).toBeCloseTo(0.34, 12);
      expect(p.differences['vbon'].mean).toBeCloseTo(0.04, 12);
      expect(p.differences['vbon'].sign).toMatchObject({ n: 3, positive: 3 });
    }
    expect(table['vbon'][0].differences).toEqual({});
    // grid runs count in the compute table as their own phase (the two new folders)
    expect(report.compute['grid'].runs).toBe(2);
    const md = renderDataset(report);
    expect(md).toContain('Every coefficient on every final seed');
    expect(md).toContain('| blade | 0.1 ** | 0.3000 ± 0.0000 | 0.2700 ± 0.0000 | 0.3400 ± 0.0100 | +0.0400 (p = ');
    expect(md).toContain('| vbon | 0.1 | 0.3000 ± 0.0000 | 0.2700 ± 0.0000 | 0.3000 ± 0.0000 | – | – |');
  });
});

describe('committed run records', () => {
  const study = small();
  const run: any = planSweep(study, 'toy', { ...inputs, dataPath: '/somewhere/shared/data/toy-folder' })[0]!;

  it("hashes what defines a run: key order and the data folder's location do not matter, the config does", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const moved = { ...run, config: { ...run.config, data: { ...run.config.data, path: '/elsewhere/toy-folder' } } };
    expect(runHash(moved)).toBe(runHash(run));
    const reordered = { ...run, config: Object.fromEntries(Object.entries(run.config).reverse()) };
    expect(runHash(reordered)).toBe(runHash(run));
    expect(runHash(setPath(run, 'config.align.kl.coef', 0.3))).not.toBe(runHash(run));
    expect(runHash(setPath(run, 'config.data.path', '/x/other-folder'))).not.toBe(runHash(run));
    expect(runHash({ ...run, command: ['train', 'bond'] })).not.toBe(runHash(run));
  });

  it("keeps the report's numbers and only the chosen metrics per user, rounded", () => {
    const result = {
      validation: 0.123456789,
      kl: 0.5,
      test: { 'ndcg@10': 0.3 },
      users: { 'ndcg@10': [0.123456789, 0, 1 / 3], 'ild@10': [0.5, 0.5, 0.5] },
      sftUsers: { 'ndcg@10': [0.2, 0.2, 0.2] },
      rollouts: 10,
      wallSeconds: 3,
    };
    const record = makeRecord(run, result, ['ndcg@10']);
    expect(record.result.validation).toBe(0.123456789);
    expect(record.result.users).toEqual({ 'ndcg@10': [0.1235, 0, 0.3333] });
    expect(record.result.sftUsers).toEqual({ 'ndcg@10': [0.2, 0.2, 0.2] });
    expect(USER_DECIMALS).toBe(4);
    // a record serialises without loss of what it kept
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it('a record stands for its run only while the run is planned the same way', () => {
    const record = makeRecord(run, { test: {}, users: {}, rollouts: 0, wallSeconds: 1 }, ['ndcg@10']);
    expect(recordState(undefined, run)).toBe('missing');
    expect(recordState(record, run)).toBe('current');
    expect(recordState(record, setPath(run, 'config.align.steps', 8))).toBe('stale');
    expect(recordState({ ...record, version: 0 }, run)).toBe('stale');
    const other: any = planSweep(study, 'toy', inputs)[1]!;
    expect(recordState(record, other)).toBe('stale');
  });
});

describe('diagnostics over training steps', () => {
  it('averages each key per bin over the training records of every run, skipping evaluation records', () => {
    const run = (offset: number): Record<string, number>[] => [
      { step: 0, 'eval/sampled/ndcg@10': 0.5 },
      ...[1, 2, 3, 4, 5].map((step) => ({ step, 'train/loss': 1, 'kl/reference': step + offset })),
      { step: 5, 'eval/sampled/ndcg@10': 0.6, 'kl/reference': 100 },
    ];
    const rows = binnedMeans([run(0), run(10)], 5, 2, ['kl/reference', 'blade/ess_ratio']);
    expect(rows.map((r: { from: number; to: number }) => [r.from, r.to])).toEqual([
      [1, 2],
      [3, 5],
    ]);
    // bin 1: steps 1, 2 of both runs; bin 2 takes the remainder (3–5) and ignores the evaluation record's 100
    expect(rows[0].means['kl/reference']).toBeCloseTo((1 + 2 + 11 + 12) / 4, 12);
    expect(rows[1].means['kl/reference']).toBeCloseTo((3 + 4 + 5 + 13 + 14 + 15) / 6, 12);
    expect(rows[0].means['blade/ess_ratio']).toBeNaN();
    expect(() => binnedMeans([run(0)], 3, 4)).toThrow('4 bins for 3 steps');
  });
});

describe('selection metric per objective', () => {
  const lean = () => resolveStudy(shipped, 'lean');
  const synthetic = { recipe: parse(readFileSync(resolve('experiments/configs/synthetic.yaml'), 'utf8')) };

  it('a composite selects on its own total: objective first and monitored, the fairness term measured', () => {
    const study = lean();
    expect(selectOf(study, 'synthetic', 'composite-m4')).toBe('objective');
    expect(selectOf(study, 'synthetic', 'ndcg-m4')).toBe('ndcg@10');
    const sweep = planSweep(study, 'synthetic', synthetic);
    const composite = sweep.find((r: any) => r.setting === 'composite-m4')!;
    expect(composite.config.align.metrics).toEqual(['objective', 'ndcg@10', 'recall@10', 'ild@10', 'exposure-gap@10']);
    expect(composite.config.align.metricOptions).toEqual({
      'exposure-gap@10': { attribute: 'category', reference: 'history' },
    });
    expect(composite.config.align.monitor).toBe('objective');
    // the objective the run trains on carries no selection key (that is the study's, not the trainer's)
    expect(composite.config.objective).not.toHaveProperty('select');
    const ndcg = sweep.find((r: any) => r.setting === 'ndcg-m4')!;
    expect(ndcg.config.align.metrics).toEqual(['ndcg@10', 'recall@10', 'ild@10']);
    expect(ndcg.config.align).not.toHaveProperty('monitor');
    const badSelect = { ...shipped, objectives: { ...shipped.objectives, x: { terms: [], select: 3 } } };
    expect(() => resolveStudy(badSelect, 'lean')).toThrow('objectives.x.select: expected a metric name');
  });

  it('keeps the committed records of the NDCG settings current (a harness change must not make them stale)', () => {
    const study = lean();
    const sweep = planSweep(study, 'synthetic', synthetic).filter((r: any) => r.setting.startsWith('ndcg-'));
    expect(sweep.length).toBe(2 * 7 * 4 * 2);
    for (const run of sweep) {
      const record = JSON.parse(readFileSync(resolve(study.profile.records, `${run.id}.json`), 'utf8'));
      expect(recordState(record, run), run.id).toBe('current');
    }
  });

  it('reports the selection metric per setting and every evaluated metric per arm', () => {
    const study = resolveStudy(
      {
        ...shipped,
        profiles: { t: { runsDir: 't', seeds: { sweep: [1], final: [1, 2] }, klGrid: [0.1], align: { steps: 2 } } },
        arms: { sft: { kind: 'reference' }, vbon: { preset: 'vbon' } },
        baselines: ['sft'],
        datasets: { synthetic: { ...shipped.datasets.synthetic, settings: { c: { objective: 'composite' } } } },
      },
      't',
    );
    const runs: any[] = [
      ...planSweep(study, 'synthetic', synthetic),
      ...planFinal(study, 'synthetic', synthetic, { c: { vbon: { coef: 0.1 } } }),
    ];
    const scores = (v: number) => ({ objective: [v, v], 'ndcg@10': [v - 0.1, v - 0.1] });
    for (const run of runs) {
      const value = 0.3 + run.seed / 100;
      const records = [
        { step: 0, 'eval/sampled/objective': 0.2, 'eval/sampled/ndcg@10': 0.1 },
        {
          step: 2,
          'eval/sampled/objective': value,
          'eval/sampled/ndcg@10': 0.05,
          'kl/reference': 0.5,
          'train/loss': 1,
        },
      ];
      const means = (v: number) => ({ objective: v, 'ndcg@10': v - 0.1, 'exposure-gap@10': 0.2 });
      const summary = {
        steps: 2,
        bestStep: 2,
        test: {
          sampled: { means: { vbon: means(value), sft: means(0.25) } },
          greedy: { means: { vbon: {}, sft: {} } },
        },
      };
      run.result = runResult(study, run, {
        summary,
        records,
        scores: { vbon: { sampled: scores(value) }, sft: { sampled: scores(0.25) } },
      });
    }
    // validation is read on the setting's selection metric, not the study's ndcg@10
    expect(runs[0].result.validation).toBeCloseTo(0.31, 12);
    const sweep = runs.filter((r) => r.phase === 'sweep').map((r) => ({ ...r, validation: r.result.validation }));
    const report: any = aggregateDataset(study, 'synthetic', runs, selectCoefficients(study, sweep));
    expect(report.settings.c.metric).toBe('objective');
    expect(report.settings.c.arms.vbon.test.mean).toBeCloseTo(0.315, 12);
    expect(report.settings.c.arms.vbon.tests['exposure-gap@10'].mean).toBeCloseTo(0.2, 12);
    expect(report.settings.c.arms.sft.tests['ndcg@10'].mean).toBeCloseTo(0.15, 12);
    const text = renderDataset(report);
    expect(text).toContain('Test and validation objective');
    expect(text).toContain('| arm | objective | ndcg@10 | exposure-gap@10 |');
  });
});
