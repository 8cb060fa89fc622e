import { describe, expect, it } from 'vitest';
import { AlignmentTrainer, selectBackend, type Transformer } from '../src/index.js';
import { alignConfig, alignContainer, alignData, tinySft } from './align-fixtures.js';
import { webgpuSkipReason, webgpuSuite } from './webgpu-support.js';

const skip = await webgpuSkipReason();

/** Four BLADE steps (sampling, rewards, prior update, policy gradient) and the final evaluation on one backend. */
async function align(backend: string, data: ReturnType<typeof alignData>, init: Transformer) {
  await selectBackend(backend);
  const { evaluator, objectives, components } = alignContainer();
  const records: Record<string, unknown>[] = [];
  await new AlignmentTrainer({
    config: alignConfig('blade'),
    objective: objectives.create({ terms: ['ndcg@5'] }),
    data,
    init,
    evaluator,
    components,
    callbacks: [{ onLog: (r) => void records.push(r) }],
  }).train();
  return records;
}

/**
 * Alignment on webgpu from the same SFT weights as on cpu: the same sampled lists (seeded draws from
 * probabilities equal to float32 rounding) give the same rewards, and the losses and gradient norms
 * agree to float32 rounding.
 */
describe.skipIf(skip !== undefined)(webgpuSuite('BLADE alignment on webgpu', skip), () => {
  it('follows the cpu run step by step', async () => {
    await selectBackend('cpu');
    const data = alignData();
    const init = await tinySft(data, 10);
    const cpu = await align('cpu', data, init);
    const gpu = await align('webgpu', data, init);
    const steps = (records: Record<string, unknown>[]) => records.filter((r) => 'train/loss' in r);
    expect(steps(gpu).length).toBe(4);
    steps(gpu).forEach((r, i) => {
      const c = steps(cpu)[i]!;
      expect(r['reward/total/mean'], `step ${i} reward`).toBe(c['reward/total/mean']);
      for (const key of ['train/loss', 'train/grad_norm', 'kl/reference']) {
        const [x, y] = [r[key] as number, c[key] as number];
        expect(Math.abs(x - y), `step ${i} ${key}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(y)));
      }
    });
    const evalKeys = Object.keys(cpu.at(-1)!).filter((k) => k.startsWith('eval/'));
    expect(evalKeys.length).toBeGreaterThan(0);
    for (const key of evalKeys) expect(gpu.at(-1)![key], key).toBeCloseTo(cpu.at(-1)![key] as number, 6);
  }, 300_000);
});
