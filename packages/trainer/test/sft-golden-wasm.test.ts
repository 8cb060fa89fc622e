import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { selectBackend, SftTrainer } from '../src/index.js';
import { evaluator, tinyDataset, tinyModelConfig, tinySftConfig } from './sft-fixtures.js';

/** The wasm backend follows the cpu golden trajectory up to float32 rounding. */
describe('SFT golden trajectory on wasm', () => {
  it('matches the cpu-recorded losses to 1e-4 relative', async () => {
    await selectBackend('wasm');
    const loss: number[] = [];
    await new SftTrainer({
      config: tinySftConfig({ evalEvery: 100 }),
      model: tinyModelConfig,
      dataset: tinyDataset(),
      evaluator: evaluator(),
      callbacks: [{ onLog: (r) => void (typeof r['train/loss'] === 'number' && loss.push(r['train/loss'] as number)) }],
    }).train();
    const golden = JSON.parse(
      readFileSync(fileURLToPath(new URL('./golden/sft-trajectory.json', import.meta.url)), 'utf8'),
    ) as { loss: number[] };
    expect(loss.length).toBe(golden.loss.length);
    loss.forEach((x, i) => expect(Math.abs(x - golden.loss[i]!) / golden.loss[i]!).toBeLessThan(1e-4));
  }, 60_000);
});
