import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { selectBackend, SftTrainer } from '../src/index.js';
import { evaluator, tinyDataset, tinyModelConfig, tinySftConfig } from './sft-fixtures.js';

/**
 * Golden trajectory (TRL's invariant tests): a fixed seed, config and data set must give the recorded
 * per-step losses and gradient norms on every backend. Record anew with `BLADE_UPDATE_GOLDEN=1`
 * (cpu backend) after an intended change, and say why in the commit.
 */
const goldenFile = fileURLToPath(new URL('./golden/sft-trajectory.json', import.meta.url));

async function trajectory(backend: string): Promise<{ loss: number[]; gradNorm: number[] }> {
  await selectBackend(backend);
  const loss: number[] = [];
  const gradNorm: number[] = [];
  await new SftTrainer({
    config: tinySftConfig({ evalEvery: 100 }),
    model: tinyModelConfig,
    dataset: tinyDataset(),
    evaluator: evaluator(),
    callbacks: [
      {
        onLog: (r) => {
          if (typeof r['train/loss'] === 'number') {
            loss.push(r['train/loss'] as number);
            gradNorm.push(r['train/grad_norm'] as number);
          }
        },
      },
    ],
  }).train();
  return { loss, gradNorm };
}

describe('SFT golden trajectory', () => {
  it('cpu backend reproduces the recorded first steps', async () => {
    const got = await trajectory('cpu');
    if (process.env['BLADE_UPDATE_GOLDEN'] === '1' || !existsSync(goldenFile)) {
      if (process.env['CI']) throw new Error(`${goldenFile} is missing; record it locally with BLADE_UPDATE_GOLDEN=1`);
      writeFileSync(
        goldenFile,
        JSON.stringify({ backend: 'cpu', config: 'test/sft-fixtures.ts', ...got }, null, 2) + '\n',
      );
    }
    const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as { loss: number[]; gradNorm: number[] };
    expect(got.loss.length).toBe(6);
    got.loss.forEach((x, i) => expect(x).toBeCloseTo(golden.loss[i]!, 5));
    got.gradNorm.forEach((x, i) => expect(x).toBeCloseTo(golden.gradNorm[i]!, 4));
  }, 60_000);
});
