import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadModel, readCheckpoint } from '@bladerec/trainer';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * End-to-end tests of `blade train sft` through the built binary: a run killed mid-training and one
 * killed in the middle of writing a checkpoint both leave the previous checkpoint intact, and
 * resuming reaches exactly the result of an uninterrupted run.
 */
const blade = resolve('packages/cli/dist/bin/blade.js');
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'cli-train-'));
const config = join(dir, 'sft.json');

let full: { stdout: string; stderr: string };

beforeAll(async () => {
  writeFileSync(
    config,
    JSON.stringify({
      data: { format: 'synthetic', options: { seed: 5, items: 80, users: 150, minHistory: 4, maxHistory: 10 } },
      model: { layers: 1, dModel: 16, heads: 2, ffnMultiplier: 2, context: 6, dropout: 0.1 },
      sft: {
        seed: 3,
        steps: 160,
        batchSize: 16,
        learningRate: 0.01,
        warmupSteps: 5,
        evalEvery: 40,
        evalExamples: 50,
        checkpointEvery: 20,
        logEvery: 10,
      },
    }),
  );
  // the uninterrupted run every other test compares with or starts from
  full = await cli(['train', 'sft', '--config', 'sft.json', '--out', 'full', '--json']);
}, 120_000);

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [blade, ...args], {
    cwd: dir,
    env: { ...process.env, CI: 'true', ...env },
    maxBuffer: 1 << 24,
  });

function startKillable(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [blade, ...args], {
    cwd: dir,
    env: { ...process.env, CI: 'true', ...env },
    stdio: 'ignore',
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal })),
  );

async function expectSameModel(a: string, b: string): Promise<void> {
  const wa = await loadModel(join(dir, a, 'model.bct')).model.values();
  const wb = await loadModel(join(dir, b, 'model.bct')).model.values();
  for (const [name, v] of wa) expect(Array.from(wb.get(name)!), name).toEqual(Array.from(v));
  const sa = JSON.parse(readFileSync(join(dir, a, 'summary.json'), 'utf8'));
  const sb = JSON.parse(readFileSync(join(dir, b, 'summary.json'), 'utf8'));
  expect(sb.validation).toEqual(sa.validation);
  expect(sb.test.means).toEqual(sa.test.means);
}

describe('blade train sft', () => {
  it('trains, reports the backend, writes the run directory and compares with the baselines', () => {
    const { stdout, stderr } = full;
    expect(stderr).toMatch(/^backend: (wasm|cpu|tensorflow)/m);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const summary = lines.at(-1).summary;
    expect(Object.keys(summary.test.means)).toEqual(['policy (greedy)', 'popularity', 'transition']);
    expect(lines.filter((l) => 'train/loss' in l).length).toBe(16);
    for (const f of ['model.bct', 'checkpoint.bct', 'metrics.jsonl', 'summary.json'])
      expect(existsSync(join(dir, 'full', f))).toBe(true);
  });

  it('resumes a run killed mid-training to exactly the uninterrupted result', async () => {
    const child = startKillable(['train', 'sft', '--config', 'sft.json', '--out', 'killed']);
    const ckpt = join(dir, 'killed', 'checkpoint.bct');
    while (!existsSync(ckpt)) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');
    expect(existsSync(join(dir, 'killed', 'model.bct'))).toBe(false);
    expect(readCheckpoint<{ step: number }>(ckpt).state.step % 20).toBe(0);
    await cli(['train', 'sft', '--config', 'sft.json', '--out', 'killed', '--resume']);
    await expectSameModel('full', 'killed');
    const steps = readFileSync(join(dir, 'killed', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((r) => 'train/loss' in r)
      .map((r) => r.step);
    expect(steps).toEqual(Array.from({ length: 16 }, (_, i) => 10 * (i + 1)));
  }, 120_000);

  it('keeps the previous checkpoint intact when killed while writing the next one, then resumes', async () => {
    const child = startKillable(['train', 'sft', '--config', 'sft.json', '--out', 'torn'], {
      BLADE_FAULT_CHECKPOINT: 'kill-on-write:2:after-bytes:4096',
    });
    expect((await exited(child)).signal).toBe('SIGKILL');
    const ckpt = join(dir, 'torn', 'checkpoint.bct');
    expect(existsSync(`${ckpt}.tmp`)).toBe(true);
    expect(readCheckpoint<{ step: number }>(ckpt).state.step).toBe(20);
    await cli(['train', 'sft', '--config', 'sft.json', '--out', 'torn', '--resume']);
    await expectSameModel('full', 'torn');
  }, 120_000);

  it('aligns the SFT policy with BLADE and evaluates Best-of-N at inference, writing summaries and per-user scores', async () => {
    writeFileSync(
      join(dir, 'align.json'),
      JSON.stringify({
        data: { format: 'synthetic', options: { seed: 5, items: 80, users: 150, minHistory: 4, maxHistory: 10 } },
        objective: { terms: ['ndcg@5', { reward: 'ild', weight: 0.1, options: { k: 5 } }] },
        align: {
          steps: 3,
          contextsPerStep: 8,
          groupSize: 4,
          listLength: 5,
          referenceRollouts: 4,
          split: 'valid',
          evalEvery: 100,
          evalExamples: 20,
          evalSamples: 1,
          metrics: ['ndcg@5', 'ild@5', 'mgu@5'],
        },
      }),
    );
    const { stdout } = await cli([
      'train',
      'blade',
      '--config',
      'align.json',
      '--init',
      'full/model.bct',
      '--out',
      'blade',
      '--json',
    ]);
    const records = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const steps = records.filter((r) => 'train/loss' in r);
    expect(steps.map((r) => r.step)).toEqual([1, 2, 3]);
    for (const key of ['blade/saturation_target', 'reward/ild@5/mean', 'kl/reference', 'sampling/rollouts'])
      expect(typeof steps[0][key]).toBe('number');
    expect(typeof records.find((r) => 'eval/ceiling_ratio' in r)?.['eval/ceiling_reference']).toBe('number');
    expect(records.at(-1).summary.rollouts).toBe(3 * 8 * 4);
    const summary = records.at(-1).summary;
    expect(Object.keys(summary.test.sampled.means)).toEqual(['blade', 'sft']);
    expect(summary.test.greedy.differences['blade − sft']['ndcg@5']).toMatchObject({
      significant: expect.any(Boolean),
    });
    const scores = JSON.parse(readFileSync(join(dir, 'blade', 'test-scores.json'), 'utf8'));
    expect(scores.blade.sampled['ndcg@5'].length).toBe(summary.test.sampled.users);
    const bon = await cli([
      'train',
      'bon',
      '--config',
      'align.json',
      '--init',
      'full/model.bct',
      '--out',
      'bon',
      '--n',
      '4',
    ]);
    expect(bon.stdout).toMatch(/Best-of-4 under ndcg@5 \+ 0\.1·ild@5/);
    expect(bon.stdout).toMatch(/^bon@4 +\d\.\d{4}/m);
  }, 120_000);

  it('rejects alignment without an SFT model, and an algorithm that contradicts the command', async () => {
    const noInit = await cli(['train', 'vbon', '--config', 'align.json']).catch((e) => e);
    expect(noInit.code).toBe(1);
    expect(noInit.stderr).toBe(
      'blade: error: alignment starts from an SFT model: give --init <model.bct> or align.init (train one with `blade train sft`)\n',
    );
    writeFileSync(
      join(dir, 'mismatch.json'),
      JSON.stringify({ data: { format: 'synthetic' }, align: { algorithm: 'grpo' } }),
    );
    const mismatch = await cli(['train', 'blade', '--config', 'mismatch.json', '--init', 'full/model.bct']).catch(
      (e) => e,
    );
    expect(mismatch.stderr).toBe(
      "blade: error: the config's align.algorithm is 'grpo' but the command is 'blade train blade'\n",
    );
  }, 60_000);

  it('rejects bad configs and backends with one-line errors', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'sft:\n  batchSize: 0\n  lernRate: 1\n');
    const bad = await cli(['train', 'sft', '--config', 'bad.yaml']).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^blade: error: .*bad\.yaml: [^\n]+\n$/);
    expect(bad.stderr).toContain('sft.batchSize: must be >= 1 (rule: minimum)');
    expect(bad.stderr).toContain("sft: unknown property 'lernRate' (rule: additionalProperties)");
    writeFileSync(join(dir, 'broken.yaml'), 'sft:\n  steps: [1,\n');
    const broken = await cli(['train', 'sft', '--config', 'broken.yaml']).catch((e) => e);
    expect(broken.stderr).toMatch(/^blade: error: .*broken\.yaml:\d+: malformed YAML/);
    const backend = await cli(['train', 'sft', '--config', 'sft.json', '--backend', 'gpu']).catch((e) => e);
    expect(backend.code).toBe(1);
    expect(backend.stderr).toBe(
      "blade: error: unknown backend 'gpu' (choose one of tensorflow-gpu, tensorflow, webgpu, wasm, cpu)\n",
    );
  }, 60_000);
});
