import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BladeUserError, definePlugin, type ListRewardDefinition, rewardMeta } from '@bladerec/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlignmentTrainer, readCheckpoint, selectBackend, type Transformer } from '../src/index.js';
import { alignConfig, alignContainer, alignData, tinySft } from './align-fixtures.js';

// A plugin reward that starts returning NaN in the middle of an alignment run: the run stops with
// one line naming plugin, metric, user and value, and the state before the failing step is saved.
let broken = false;
const flaky: ListRewardDefinition<{ k: number }> = {
  meta: {
    id: 'flaky',
    description: 'Returns 0.5, or NaN for the first list once broken.',
    higherIsBetter: true,
    schema: {
      type: 'object',
      properties: { k: { type: 'integer', minimum: 1, default: 10 } },
      additionalProperties: false,
    },
    atParameter: 'k',
    requires: [],
    properties: [],
    unknownItems: 'zero-gain',
  },
  create(options) {
    return {
      meta: rewardMeta(flaky, options, { range: [0, 1], cutoff: options.k }),
      score(inputs, out = new Float64Array(inputs.lists.size)) {
        out.fill(0.5, 0, inputs.lists.size);
        if (broken) out[0] = Number.NaN;
        return out;
      },
    };
  },
};
const plugin = definePlugin({ meta: { name: 'bladerec-reward-flaky', version: '0.0.1' }, rewards: [flaky] });

let data: ReturnType<typeof alignData>;
let init: Transformer;
beforeAll(async () => {
  await selectBackend('wasm');
  data = alignData();
  init = await tinySft(data);
}, 120_000);

describe('a plugin reward that fails during alignment', () => {
  it('stops the run with a one-line error naming plugin, metric, user and value, and keeps the last good state', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'bladerec-flaky-'));
    const { evaluator, objectives, components } = alignContainer([plugin]);
    const trainer = new AlignmentTrainer({
      config: alignConfig('blade', { steps: 4, checkpointEvery: 10 }),
      objective: objectives.create({ terms: ['ndcg@5', { reward: 'flaky@5', weight: 0.1 }] }),
      data,
      init,
      evaluator,
      components,
      runDir,
      callbacks: [{ onStepEnd: (step: number) => void (broken = step === 2) }],
    });
    const error = await trainer.train().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BladeUserError);
    const checkpoint = join(runDir, 'checkpoint.bct');
    expect((error as Error).message).toMatch(
      new RegExp(
        `^plugin bladerec-reward-flaky, reward 'flaky@5', user "[^"]+": returned NaN \\(declared range \\[0, 1\\]\\); alignment stopped at step 3, the last good state \\(step 2\\) is saved in ${checkpoint}$`,
      ),
    );
    expect(existsSync(checkpoint)).toBe(true);
    expect(readCheckpoint<{ step: number }>(checkpoint).state.step).toBe(2);
  }, 120_000);
});
