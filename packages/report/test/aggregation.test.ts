import { fc, test as prop } from '@fast-check/vitest';
import { pairedBootstrap, pairedTTest, signTest } from '@bladerec/trainer/statistics';
import { describe, expect, it } from 'vitest';
import {
  averageOverSeeds,
  groupRuns,
  type MetricsRecord,
  mean,
  pairedDifference,
  parseMetricsLines,
  reportData,
  realisedKl,
  type RunEntry,
  type RunFolder,
  runIdentity,
  runResult,
  sd,
  stepBand,
} from '../src/index.js';

const folder = (dir: string, parts: Partial<RunFolder> = {}): RunFolder => ({
  dir,
  status: parts.summary ? 'finished' : 'running',
  config: undefined,
  summary: undefined,
  records: [],
  scores: undefined,
  wallSeconds: undefined,
  command: undefined,
  ...parts,
});

const entry = (dir: string, rel: string, parts: Partial<RunFolder>): RunEntry => {
  const f = folder(dir, parts);
  const id = runIdentity(f, rel);
  return { folder: f, id, result: runResult(f, id) };
};

const align = (algorithm: string, coef: number, seed: number) => ({
  align: { algorithm, seed, kl: { coef } },
  objective: { terms: ['ndcg@10'] },
});

describe('realised KL', () => {
  const records: MetricsRecord[] = [1, 2, 3, 4, 5, 6].map((step) => ({
    step,
    'kl/reference': step / 10,
    'train/loss': 1,
  }));
  it('averages kl/reference over the window of training steps up to the kept step', () => {
    expect(realisedKl(records, 5, 2)).toBeCloseTo((0.4 + 0.5) / 2, 15);
    expect(realisedKl(records, 6, 10)).toBeCloseTo(0.35, 15);
  });
  it('is 0 when the SFT weights were kept and NaN with no KL in the window', () => {
    expect(realisedKl(records, 0, 2)).toBe(0);
    // an evaluation record (no train/loss) is not a training batch
    expect(realisedKl([{ step: 4, 'kl/reference': 1 } as MetricsRecord], 4, 2)).toBeNaN();
  });
});

describe('metrics.jsonl', () => {
  it('keeps the last value per step and key (a resumed run), drops a torn last line', () => {
    const text = '{"step":1,"a":1}\n{"step":2,"a":2}\n{"step":2,"a":3,"b":4}\n{"step":3,"a"';
    expect(parseMetricsLines('d', text)).toEqual([
      { step: 1, a: 1 },
      { step: 2, a: 3, b: 4 },
    ]);
  });
  it('names the folder and line of a bad line before the end', () => {
    expect(() => parseMetricsLines('runs/x', '{"step":1}\nnot json\n{"step":2}\n')).toThrow(
      'runs/x: metrics.jsonl line 2 is not valid JSON',
    );
  });
});

describe('identity and grouping', () => {
  it('reads arm, coefficient, seed and setting from the config, summary and path', () => {
    const id = runIdentity(
      folder('/r/a', { config: align('blade', 0.03, 2), summary: { algorithm: 'blade', objective: 'ndcg@10' } }),
      'synthetic/ndcg-m4/blade/kl0.03/seed2',
    );
    expect(id).toEqual({
      kind: 'align',
      arm: 'blade',
      algorithm: 'blade',
      objective: 'ndcg@10',
      setting: 'synthetic/ndcg-m4',
      coef: 0.03,
      seed: 2,
    });
    // an ablation of an algorithm, in a folder named <algorithm>-<variant>, is its own arm of the same setting
    const variant = runIdentity(
      folder('/r/v', { config: align('blade', 0.01, 1), summary: { algorithm: 'blade', objective: 'ndcg@10' } }),
      'synthetic/ndcg-m4/blade-prior-only/kl0.01/seed1',
    );
    expect(variant).toMatchObject({ arm: 'blade-prior-only', setting: 'synthetic/ndcg-m4', coef: 0.01, seed: 1 });
    // …whose summary and test scores still name the policy by its algorithm
    const scored = entry('/r/w', 'synthetic/ndcg-m4/blade-prior-only/kl0.01/seed1', {
      config: align('blade', 0.01, 1),
      summary: {
        algorithm: 'blade',
        test: { sampled: { means: { blade: { 'ndcg@10': 0.29 }, sft: { 'ndcg@10': 0.26 } } } },
      },
      scores: { blade: { sampled: { 'ndcg@10': [0.2, 0.38] } }, sft: { sampled: { 'ndcg@10': [0.2, 0.32] } } },
    });
    expect(scored.id).toMatchObject({ arm: 'blade-prior-only', algorithm: 'blade' });
    expect(scored.result.test?.means['ndcg@10']).toBe(0.29);
    expect(scored.result.reference?.means['ndcg@10']).toBe(0.26);
    const bon = runIdentity(folder('/r/b', { summary: { algorithm: 'bon', n: 8 } }), 'synthetic/ndcg-m4/bon@8/seed3');
    expect(bon).toMatchObject({ kind: 'bon', arm: 'bon@8', setting: 'synthetic/ndcg-m4', seed: 3, coef: undefined });
    const running = runIdentity(folder('/r/c', { command: 'node blade.js train vbon --config c.json' }), 'x/seed1');
    expect(running).toMatchObject({ kind: 'align', arm: 'vbon', setting: 'x', seed: 1 });
    const sft = runIdentity(folder('/r/d', { config: { sft: { seed: 4 }, model: {} } }), 'synthetic/seed4/sft');
    expect(sft).toMatchObject({ kind: 'sft', arm: 'sft', setting: 'synthetic', seed: 4 });
  });

  it('groups seeds of one arm and coefficient, in arm order, with labels that name the coefficient', () => {
    const runs = [
      entry('/b1', 's/blade/kl0.1/seed1', { config: align('blade', 0.1, 1) }),
      entry('/v2', 's/vbon/kl0.1/seed2', { config: align('vbon', 0.1, 2) }),
      entry('/b2', 's/blade/kl0.1/seed2', { config: align('blade', 0.1, 2) }),
      entry('/v1', 's/vbon/kl0.1/seed1', { config: align('vbon', 0.1, 1) }),
      entry('/b3', 's/blade/kl0.01/seed1', { config: align('blade', 0.01, 1) }),
    ];
    const groups = groupRuns(runs);
    expect(groups.map((g) => [g.label, g.runs.map((r) => r.id.seed)])).toEqual([
      ['vbon kl=0.1', [1, 2]],
      ['blade kl=0.01', [1]],
      ['blade kl=0.1', [1, 2]],
    ]);
  });
});

describe('aggregation over seeds', () => {
  it('bands a key over steps: mean and mean ± sd of the seeds that logged the step', () => {
    const rec = (step: number, v: number) => ({ step, x: v }) as MetricsRecord;
    const runs = [
      entry('/a', 'seed1', { records: [rec(1, 1), rec(2, 2)] }),
      entry('/b', 'seed2', { records: [rec(1, 3), rec(3, 5)] }),
    ];
    const band = stepBand(runs, 'x');
    expect(band.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(band[0]).toMatchObject({ mean: 2, n: 2 });
    expect(band[0]!.hi - band[0]!.mean).toBeCloseTo(Math.SQRT2, 12);
    expect(band[1]).toEqual({ step: 2, mean: 2, lo: 2, hi: 2, n: 1 });
  });

  it('selects ndcg@10 by default, else the first metric of the alignment runs (not an SFT-only one)', () => {
    const summary = (algorithm: string, metric: string) =>
      algorithm === 'sft'
        ? { algorithm, test: { means: { 'policy (greedy)': { [metric]: 0.3 } } } }
        : { algorithm, test: { sampled: { means: { [algorithm]: { [metric]: 0.2 }, sft: { [metric]: 0.1 } } } } };
    const sft = entry('/s', 'sft', { summary: summary('sft', 'ndcg@10') });
    expect(reportData([sft, entry('/b', 'blade', { summary: summary('blade', 'ndcg@5') })]).metric).toBe('ndcg@5');
    expect(reportData([sft, entry('/b', 'blade', { summary: summary('blade', 'ndcg@10') })]).metric).toBe('ndcg@10');
    expect(reportData([sft]).metric).toBe('ndcg@10');
  });

  it('averages per-user scores over seeds and refuses different test users', () => {
    expect(
      averageOverSeeds([
        [1, 2],
        [3, 6],
      ]),
    ).toEqual([2, 4]);
    expect(() => averageOverSeeds([[1, 2], [3]])).toThrow(RangeError);
  });

  prop.prop([fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 20 })])(
    'mean and sd match their definitions',
    (xs) => {
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(mean(xs)).toBeCloseTo(m, 6);
      expect(sd(xs)).toBeCloseTo(Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)), 6);
    },
  );

  it('pairs seeds and users with the trainer statistics (one implementation)', () => {
    const a = [
      { test: 0.3, users: [0.2, 0.4, 0.3] },
      { test: 0.35, users: [0.3, 0.4, 0.35] },
      { test: 0.33, users: [0.3, 0.3, 0.4] },
    ];
    const b = [
      { test: 0.28, users: [0.2, 0.3, 0.3] },
      { test: 0.3, users: [0.3, 0.3, 0.3] },
      { test: 0.31, users: [0.3, 0.3, 0.3] },
    ];
    const d = pairedDifference(a, b);
    const t = pairedTTest(
      a.map((r) => r.test),
      b.map((r) => r.test),
    );
    expect(d).toMatchObject({ mean: t.mean, sd: t.sd, t: t.t, df: t.df, p: t.p, lo: t.lo, hi: t.hi });
    expect(d.sign).toEqual(
      signTest(
        a.map((r) => r.test),
        b.map((r) => r.test),
      ),
    );
    expect(d.bootstrap).toEqual(
      pairedBootstrap(averageOverSeeds(a.map((r) => r.users)), averageOverSeeds(b.map((r) => r.users)), { seed: 11 }),
    );
  });
});
