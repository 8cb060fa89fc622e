import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBlade } from '@bladerec/cli';
import type { CliIo } from '@bladerec/core';
import ndcg from '@bladerec/reward-ndcg';
import { createBladeContainer, Evaluator } from '@bladerec/core';
import {
  evaluateRecommender,
  loadModel,
  PolicyRecommender,
  readCheckpoint,
  TransformerPolicy,
} from '@bladerec/trainer';
import { dataModule, DatasetLoaderRegistry, Random } from '@bladerec/data';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * `blade train sft --sweep <grid>`, in process (runBlade with captured streams) except where a
 * process is killed: grid validation errors, skipping finished points, resuming an interrupted
 * point to exactly the uninterrupted result, and selection on validation only.
 */
const blade = resolve('packages/cli/dist/bin/blade.js');
const dir = mkdtempSync(join(tmpdir(), 'cli-sweep-'));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    cwd: dir,
    interactive: false,
    env: { CI: 'true' },
  };
  const code = await runBlade(args, { io });
  return { code, stdout, stderr };
}

const read = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8'));

beforeAll(async () => {
  writeFileSync(
    join(dir, 'sft.json'),
    JSON.stringify({
      data: { format: 'synthetic', options: { seed: 5, items: 60, users: 100, minHistory: 4, maxHistory: 8 } },
      model: { layers: 1, dModel: 16, heads: 2, ffnMultiplier: 2, context: 6, dropout: 0.1 },
      sft: {
        seed: 3,
        steps: 20,
        batchSize: 16,
        learningRate: 0.01,
        warmupSteps: 5,
        evalEvery: 10,
        evalExamples: 30,
        checkpointEvery: 10,
        logEvery: 10,
      },
    }),
  );
  writeFileSync(join(dir, 'grid.yaml'), 'grid:\n  model.transition: [0, 1]\n');
  const full = await cli(['train', 'sft', '--config', 'sft.json', '--sweep', 'grid.yaml', '--out', 'full']);
  expect(full.stderr).not.toMatch(/error/);
  expect(full.code).toBe(0);
}, 600_000);

describe('blade train sft --sweep', () => {
  it('trains every point, writes the table, the chosen model and recipe, and tests the chosen point only', () => {
    const sweep = read('full/sweep.json');
    expect(sweep.points.map((p: { name: string }) => p.name)).toEqual(['model.transition=0', 'model.transition=1']);
    expect(sweep.selectedOn).toBe('validation');
    const best = Math.max(...sweep.points.map((p: { validation: Record<string, number> }) => p.validation['ndcg@10']));
    const chosen = sweep.points.find((p: { name: string }) => p.name === sweep.chosen);
    expect(chosen.validation['ndcg@10']).toBe(best);
    expect(read('full/recipe.json').model.transition).toBe(chosen.assignment['model.transition']);
    const summary = read('full/summary.json');
    expect(Object.keys(summary.test.means)).toEqual(['policy (greedy)', 'popularity', 'transition']);
    expect(summary.chosen.name).toBe(sweep.chosen);
    expect(readFileSync(join(dir, 'full/model.bct'))).toEqual(
      readFileSync(join(dir, 'full/points', sweep.chosen, 'model.bct')),
    );
    expect(readFileSync(join(dir, 'full/sweep.md'), 'utf8')).toMatch(/^\| 2 \| 1 \| \d\.\d{4} \|/m);
  });

  it('skips finished points when rerun', async () => {
    const model = join(dir, 'full/points/model.transition=0/model.bct');
    const before = statSync(model).mtimeMs;
    const again = await cli(['train', 'sft', '--config', 'sft.json', '--sweep', 'grid.yaml', '--out', 'full']);
    expect(again.code).toBe(0);
    expect(again.stderr.match(/finished before, skipped/g)).toHaveLength(2);
    expect(statSync(model).mtimeMs).toBe(before);
    expect(again.stdout).toMatch(/\| 1 \| 0 \| \d\.\d{4} \|/);
  }, 600_000);

  it('resumes a point whose run was killed to exactly the uninterrupted result', async () => {
    // checkpoint writes: point 1 at steps 10, 20 and its model (1–3); point 2 at step 10 (4), killed in the 5th
    const child: ChildProcess = spawn(
      process.execPath,
      [blade, 'train', 'sft', '--config', 'sft.json', '--sweep', 'grid.yaml', '--out', 'killed'],
      {
        cwd: dir,
        env: { ...process.env, CI: 'true', BLADE_FAULT_CHECKPOINT: 'kill-on-write:5:after-bytes:4096' },
        stdio: 'ignore',
      },
    );
    const { signal } = await new Promise<{ signal: NodeJS.Signals | null }>((done) =>
      child.on('exit', (_code, s) => done({ signal: s })),
    );
    expect(signal).toBe('SIGKILL');
    const point2 = join(dir, 'killed/points/model.transition=1');
    expect(existsSync(join(point2, 'validation.json'))).toBe(false);
    expect(readCheckpoint<{ step: number }>(join(point2, 'checkpoint.bct')).state.step).toBe(10);
    const resumed = await cli(['train', 'sft', '--config', 'sft.json', '--sweep', 'grid.yaml', '--out', 'killed']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/point 1\/2 model\.transition=0: finished before, skipped/);
    expect(resumed.stderr).toMatch(/point 2\/2 model\.transition=1: resuming from its checkpoint/);
    expect(read('killed/sweep.json').points).toEqual(read('full/sweep.json').points);
    const a = await loadModel(join(dir, 'full/points/model.transition=1/model.bct')).model.values();
    const b = await loadModel(join(point2, 'model.bct')).model.values();
    for (const [name, v] of a) expect(Array.from(b.get(name)!), name).toEqual(Array.from(v));
  }, 600_000);

  it('refuses a point folder trained with another config', async () => {
    writeFileSync(
      join(dir, 'sft-changed.json'),
      readFileSync(join(dir, 'sft.json'), 'utf8').replace('"learningRate":0.01', '"learningRate":0.02'),
    );
    const r = await cli(['train', 'sft', '--config', 'sft-changed.json', '--sweep', 'grid.yaml', '--out', 'full']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').at(-2)).toBe(
      'blade: error: full/points/model.transition=0 was trained with a different config (base config or grid changed): remove it or choose another --out',
    );
  }, 300_000);

  it.each([
    ['grid: {}\n', 'the grid is empty: list at least one config path with its values'],
    ['grid:\n  model.trnsition: [0, 1]\n', "unknown grid path 'model.trnsition': 'trnsition' is not a key of model"],
    [
      'grid:\n  optim.lr: [1]\n',
      "unknown grid path 'optim.lr': a path is <section>.<key> with section one of model, sft",
    ],
    [
      'grid:\n  data.alignHoldout: [0, 0.1]\n',
      "grid path 'data.alignHoldout' cannot be swept: every point must train on the same data",
    ],
    [
      'grid:\n  sft.monitor: [ndcg@10, recall@10]\n',
      "grid path 'sft.monitor' cannot be swept (give one value): points are selected on the same validation metric",
    ],
    ['grid:\n  model.transition: []\n', "grid path 'model.transition' lists no values"],
    [
      'grid:\n  sft.learningRate: [0.01, -1]\n',
      'grid value sft.learningRate[1] = -1 is invalid: sft.learningRate: must be > 0',
    ],
    [
      'grid:\n  model.heads: [3]\n',
      'grid value model.heads[0] = 3 is invalid: model.dModel: 16 is not divisible by heads (3)',
    ],
    ['grid:\n  model.transition: 1\n', 'grid.model.transition: must be array'],
    ['points: []\n', "unknown property 'points'"],
  ])(
    'rejects a bad grid with a one-line error: %j',
    async (grid, message) => {
      writeFileSync(join(dir, 'bad-grid.yaml'), grid);
      const r = await cli(['train', 'sft', '--config', 'sft.json', '--sweep', 'bad-grid.yaml', '--out', 'bad']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^blade: error: .*bad-grid\.yaml: [^\n]+\n$/);
      expect(r.stderr).toContain(message);
      expect(existsSync(join(dir, 'bad', 'points'))).toBe(false);
    },
    300_000,
  );
});

/**
 * A fixture where validation and test disagree: validation targets are new items, test targets
 * repeat the last history item. Excluding history items can only help on validation and scores 0
 * on test, so validation must choose `excludeHistory: true` while test would choose `false`.
 */
describe('blade train sft --sweep selection', () => {
  it('chooses on validation even where test would choose the other point', async () => {
    const data = join(dir, 'disagree');
    mkdirSync(data, { recursive: true });
    const rng = new Random(7);
    const items = (n: number) => rng.shuffle(Array.from({ length: 20 }, (_, i) => `item ${i}`)).slice(0, n);
    const rows = (n: number, target: (history: string[]) => string) =>
      Array.from({ length: n }, (_, id) => {
        const history = items(6);
        return JSON.stringify({ id, history, target: [target(history)] });
      }).join('\n') + '\n';
    const fresh = (history: string[]) => items(20).find((t) => !history.includes(t))!;
    writeFileSync(join(data, 'train.jsonl'), rows(200, fresh));
    writeFileSync(join(data, 'valid.jsonl'), rows(60, fresh));
    writeFileSync(
      join(data, 'test.jsonl'),
      rows(60, (history) => history.at(-1)!),
    );
    writeFileSync(
      join(dir, 'disagree.json'),
      JSON.stringify({
        data: { format: 'history-jsonl', path: 'disagree' },
        model: { layers: 1, dModel: 16, heads: 2, ffnMultiplier: 2, context: 6, dropout: 0 },
        sft: {
          seed: 1,
          steps: 5,
          batchSize: 16,
          learningRate: 0.01,
          warmupSteps: 2,
          evalEvery: 5,
          evalExamples: 60,
          metrics: ['ndcg@10'],
        },
      }),
    );
    writeFileSync(join(dir, 'disagree-grid.yaml'), 'grid:\n  sft.excludeHistory: [false, true]\n');
    const r = await cli([
      'train',
      'sft',
      '--config',
      'disagree.json',
      '--sweep',
      'disagree-grid.yaml',
      '--out',
      'disagree-run',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const sweep = read('disagree-run/sweep.json');
    expect(sweep.chosen).toBe('sft.excludeHistory=true');
    const [kept, dropped] = [sweep.points[1], sweep.points[0]];
    expect(kept.validation['ndcg@10']).toBeGreaterThan(dropped.validation['ndcg@10']);
    const summary = read('disagree-run/summary.json');
    expect(summary.test.means['policy (greedy)']['ndcg@10']).toBe(0);
    // what test would have said about the point that was not chosen
    const container = createBladeContainer({ plugins: [ndcg], modules: [dataModule] });
    const dataset = await container
      .get<DatasetLoaderRegistry>(DatasetLoaderRegistry)
      .load(join(dir, 'disagree'), 'history-jsonl');
    const evaluator = container.get<Evaluator>(Evaluator);
    const policy = new TransformerPolicy(
      loadModel(join(dir, 'disagree-run/points/sft.excludeHistory=false/model.bct')).model,
    );
    const other = await evaluateRecommender(new PolicyRecommender(policy), dataset.splits.test, {
      evaluator,
      metrics: ['ndcg@10'],
      k: 10,
      items: dataset.catalog.itemSide(),
      excludeHistory: false,
      contextLength: 6,
    });
    policy.dispose();
    expect(other.values['ndcg@10']).toBeGreaterThan(0);
  }, 600_000);
});
