import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { selectBackend, SftTrainer } from '../src/index.js';
import { evaluator, tinyDataset, tinyModelConfig, tinySftConfig } from './sft-fixtures.js';
import { webgpuSkipReason, webgpuSuite } from './webgpu-support.js';

const skip = await webgpuSkipReason();

/**
 * The webgpu backend follows the cpu golden trajectory up to float32 rounding (WebGPU has no float64;
 * kernels sum in a different order). Measured on lavapipe: ≤ 2e-7 relative on losses and norms.
 */
describe.skipIf(skip !== undefined)(webgpuSuite('SFT golden trajectory on webgpu', skip), () => {
  it('follows the cpu-recorded losses and gradient norms to 1e-4 relative', async () => {
    await selectBackend('webgpu');
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
    const file = fileURLToPath(new URL('./golden/sft-trajectory.json', import.meta.url));
    const golden = JSON.parse(readFileSync(file, 'utf8')) as { loss: number[]; gradNorm: number[] };
    expect(loss.length).toBe(golden.loss.length);
    loss.forEach((x, i) => expect(Math.abs(x - golden.loss[i]!) / golden.loss[i]!, `loss ${i}`).toBeLessThan(1e-4));
    gradNorm.forEach((x, i) => {
      expect(Math.abs(x - golden.gradNorm[i]!) / golden.gradNorm[i]!, `grad norm ${i}`).toBeLessThan(1e-4);
    });
  }, 300_000);
});
